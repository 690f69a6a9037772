#pragma once
// The few MQTT calls the gateway makes. The Paho implementation (paho_client.hpp) is the only code
// that includes Paho; every handler call it makes runs on the event-loop thread.

#include <chrono>
#include <string>
#include <string_view>

#include "gpiogw/mqtt/connect_probe.hpp"

namespace gpiogw::mqtt {

struct Options {
  std::string uri;  // tcp:// ssl:// mqtt:// mqtts:// ws:// wss://
  std::string client_id;
  std::string username;
  std::string password;  // already read from its source; never logged
  std::chrono::seconds keepalive{30};
  std::string will_topic;  // published by the broker, retained, if the connection dies; "": none
  std::string will_payload;
  int qos = 1;
  bool mqtt5 = false;                      // MQTT 5 instead of 3.1.1
  bool clean_session = true;               // false: the broker keeps the session across connections
  std::chrono::seconds session_expiry{0};  // MQTT 5, with clean_session false
  TlsSettings tls;
};

// What the `retained` flag of Handler::on_message means for messages on a subscription.
enum class RetainFlag {
  // Set only on what the broker replays from its store when the subscription is made; a live
  // message arrives without it even when its publisher set it (MQTT 3.1.1 can do nothing else).
  replayed_only,
  // MQTT 5 (retain-as-published): also set on a live message its publisher sent retained. With
  // MQTT 3.1.1 this is replayed_only.
  as_published,
};

class Handler {
 public:
  virtual ~Handler() = default;
  virtual void on_connected() = 0;
  virtual void on_connect_failed(const std::string& reason) = 0;
  virtual void on_connection_lost(const std::string& reason) = 0;
  virtual void on_message(const std::string& topic, const std::string& payload, bool retained) = 0;
  // The broker has confirmed a subscription: from now on nothing published to it is missed.
  virtual void on_subscribed(const std::string& /*filter*/) {}
};

class Client {
 public:
  virtual ~Client() = default;
  // Starts one connection attempt to `uri` (Options::uri or another node of the same cluster,
  // reached over the same transport); the outcome arrives as on_connected or on_connect_failed.
  virtual void connect(const std::string& uri) = 0;
  virtual bool connected() const = 0;
  // Confirmed by Handler::on_subscribed; a failure is logged.
  virtual void subscribe(const std::string& filter, int qos,
                         RetainFlag retain_flag = RetainFlag::replayed_only) = 0;
  // False when the message was not taken (not connected, or the client refused it); the caller
  // decides whether to keep it for later.
  virtual bool publish(const std::string& topic, std::string_view payload, int qos,
                       bool retain) = 0;
  // Waits up to `timeout` for queued publishes to be delivered, then closes the session.
  virtual void disconnect(std::chrono::milliseconds timeout) = 0;
};

}  // namespace gpiogw::mqtt
