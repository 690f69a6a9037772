#pragma once
// Tells systemd (Type=notify) how gpiogw is doing: READY=1 once the first connect attempt has an
// outcome, STATUS= lines for `systemctl status`, STOPPING=1; and turns on the event loop's
// watchdog when the unit sets WatchdogSec=. Without NOTIFY_SOCKET every call is a no-op.

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/gateway/connection_observer.hpp"

namespace gpiogw {

class SystemdNotifier final : public ConnectionObserver {
 public:
  explicit SystemdNotifier(EventLoop& loop);

  void connecting(std::string_view uri) override;
  void connected(std::string_view uri) override;
  void reconnecting(std::string_view uri, std::string_view reason,
                    std::chrono::milliseconds delay) override;
  void stopping() override;
  // Around a reload (SIGHUP): systemctl reload waits for the second.
  void reloading();
  void reloaded();

 private:
  // Sends READY=1 with the first status that follows a connect attempt.
  void ready_with_status(const std::string& status);

  bool ready_ = false;
};

}  // namespace gpiogw
