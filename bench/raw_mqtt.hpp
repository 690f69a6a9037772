#pragma once
// A minimal MQTT 3.1.1 client on a plain blocking socket, for load generation: CONNECT, SUBSCRIBE,
// PUBLISH and PUBACK are a few bytes each, so it costs far less per message than the broker or
// the gateway it measures (a Paho client tops out near 13k msg/s here and would hide them).

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gpiogw::bench {

// A PUBLISH as received; topic and payload point into the client's buffer.
struct Incoming {
  std::string_view topic;
  std::string_view payload;
  int qos;
  bool retained;
};

class RawMqttClient {
 public:
  // Connects to 127.0.0.1:`port` with a clean session and waits for the CONNACK; TCP_NODELAY on.
  // Throws std::runtime_error.
  RawMqttClient(std::uint16_t port, const std::string& client_id);
  ~RawMqttClient();
  RawMqttClient(const RawMqttClient&) = delete;
  RawMqttClient& operator=(const RawMqttClient&) = delete;

  // Subscribes and waits for the SUBACK (PUBLISHes that arrive first are passed to `on_publish`).
  void subscribe(const std::string& filter, int qos,
                 const std::function<void(const Incoming&)>& on_publish = {});

  // Appends one PUBLISH packet to `out`, so a caller can send a batch with one write.
  static void append_publish(std::string& out, std::string_view topic, std::string_view payload,
                             int qos, std::uint16_t packet_id);
  void send(std::string_view bytes);

  // Blocks until some bytes arrive, then handles every complete packet: a PUBLISH goes to
  // `on_publish` (and is acknowledged at QoS 1), a PUBACK to `on_puback`. Returns false once the
  // connection is closed (or shut down by close_read()).
  bool receive(const std::function<void(const Incoming&)>& on_publish,
               const std::function<void()>& on_puback = {});
  // Makes receive() give up (return false) after `timeout` without data.
  void set_receive_timeout(std::chrono::milliseconds timeout);
  // Ends a receive() blocked in another thread.
  void close_read();

 private:
  int fd_ = -1;
  std::string in_;   // bytes received but not yet handled
  std::string ack_;  // PUBACKs to send after a batch
  bool connack_seen_ = false;
  bool suback_seen_ = false;
};

}  // namespace gpiogw::bench
