#pragma once
// An MQTT client of the soak test that lives through broker restarts: a persistent session, it
// reconnects by itself and subscribes again after every connect. Publishing never blocks: the
// returned token tells later whether the broker acknowledged the message.

#include <mqtt/async_client.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gpiogw::soak {

class SoakClient {
 public:
  using OnMessage = std::function<void(const std::string& topic, const std::string& payload)>;

  SoakClient(const std::string& uri, const std::string& client_id,
             std::vector<std::string> subscriptions = {}, OnMessage on_message = {});
  ~SoakClient();
  SoakClient(const SoakClient&) = delete;
  SoakClient& operator=(const SoakClient&) = delete;

  bool connected() const { return client_->is_connected(); }
  int connects() const { return connects_; }  // so far, the first one included
  // nullptr when the message could not be handed to Paho (not connected just now).
  ::mqtt::delivery_token_ptr publish(const std::string& topic, const std::string& payload, int qos);

 private:
  std::vector<std::string> subscriptions_;
  std::atomic<int> connects_ = 0;
  std::unique_ptr<::mqtt::async_client> client_;
};

}  // namespace gpiogw::soak
