#pragma once
// What the gateway tells the world outside MQTT about its broker connection. The daemon wires in
// SystemdNotifier; the gateway itself knows nothing of systemd. Every call is on the loop thread.

#include <chrono>
#include <string_view>

namespace gpiogw {

class ConnectionObserver {
 public:
  virtual ~ConnectionObserver() = default;
  virtual void connecting(std::string_view /*uri*/) {}
  virtual void connected(std::string_view /*uri*/) {}
  // A connect attempt failed or the connection was lost; the next attempt is in `delay`.
  virtual void reconnecting(std::string_view /*uri*/, std::string_view /*reason*/,
                            std::chrono::milliseconds /*delay*/) {}
  virtual void stopping() {}
};

}  // namespace gpiogw
