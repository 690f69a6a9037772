#pragma once
// A test's own MQTT client (Paho): records every message on its subscriptions and publishes.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mqtt {
class async_client;
}

namespace gpiogw::test {

struct Received {
  std::string topic;
  std::string payload;
  bool retained;
};

class MqttProbe {
 public:
  // With `clean_session` false the broker keeps the probe's subscriptions and queues its QoS 1
  // messages while it is away, for the next probe with the same client id.
  MqttProbe(const std::string& uri, const std::string& client_id, bool clean_session = true);
  ~MqttProbe();

  void subscribe(const std::string& filter);
  void publish(const std::string& topic, const std::string& payload, int qos = 1,
               bool retain = false);

  std::vector<Received> messages() const;
  std::vector<std::string> payloads_on(const std::string& topic) const;
  // Waits until a message with this topic and payload has arrived (at any time so far).
  bool wait_for(const std::string& topic, const std::string& payload,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  void clear();

 private:
  std::unique_ptr<::mqtt::async_client> client_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<Received> messages_;
};

// Whether a gateway's retained status on `status_topic` says "online" within 5 s.
bool gateway_online(const std::string& broker_uri, const std::string& status_topic);

}  // namespace gpiogw::test
