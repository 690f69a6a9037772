#include "mqtt_probe.hpp"

#include <mqtt/async_client.h>

#include <algorithm>

namespace gpiogw::test {

MqttProbe::MqttProbe(const std::string& uri, const std::string& client_id, bool clean_session)
    : client_(std::make_unique<::mqtt::async_client>(uri, client_id)) {
  client_->set_message_callback([this](::mqtt::const_message_ptr message) {
    {
      const std::lock_guard lock(mutex_);
      messages_.push_back({message->get_topic(), message->to_string(), message->is_retained()});
    }
    arrived_.notify_all();
  });
  client_->connect(::mqtt::connect_options_builder().clean_session(clean_session).finalize())
      ->wait();
}

MqttProbe::~MqttProbe() {
  try {
    if (client_->is_connected()) client_->disconnect()->wait_for(std::chrono::seconds(2));
  } catch (const ::mqtt::exception&) {
    // The broker may already be gone; nothing to clean up then.
  }
}

void MqttProbe::subscribe(const std::string& filter) {
  client_->subscribe(filter, 1)->wait();
}

void MqttProbe::publish(const std::string& topic, const std::string& payload, int qos,
                        bool retain) {
  client_->publish(topic, payload.data(), payload.size(), qos, retain)->wait();
}

std::vector<Received> MqttProbe::messages() const {
  const std::lock_guard lock(mutex_);
  return messages_;
}

std::vector<std::string> MqttProbe::payloads_on(const std::string& topic) const {
  std::vector<std::string> payloads;
  for (const auto& message : messages()) {
    if (message.topic == topic) payloads.push_back(message.payload);
  }
  return payloads;
}

bool MqttProbe::wait_for(const std::string& topic, const std::string& payload,
                         std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] {
    return std::ranges::any_of(messages_, [&](const Received& message) {
      return message.topic == topic && message.payload == payload;
    });
  });
}

void MqttProbe::clear() {
  const std::lock_guard lock(mutex_);
  messages_.clear();
}

bool gateway_online(const std::string& broker_uri, const std::string& status_topic) {
  MqttProbe probe(broker_uri, "online-probe");
  probe.subscribe(status_topic);
  return probe.wait_for(status_topic, "online");
}

}  // namespace gpiogw::test
