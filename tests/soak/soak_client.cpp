#include "soak_client.hpp"

namespace gpiogw::soak {

SoakClient::SoakClient(const std::string& uri, const std::string& client_id,
                       std::vector<std::string> subscriptions, OnMessage on_message)
    : subscriptions_(std::move(subscriptions)),
      client_(std::make_unique<::mqtt::async_client>(uri, client_id)) {
  if (on_message) {
    client_->set_message_callback(
        [on_message = std::move(on_message)](::mqtt::const_message_ptr message) {
          on_message(message->get_topic(), message->to_string());
        });
  }
  // After a broker restart the session is back (persistence), but subscribing again costs little
  // and does not depend on the broker's configuration.
  client_->set_connected_handler([this](const std::string&) {
    for (const auto& filter : subscriptions_) client_->subscribe(filter, 1);
    ++connects_;
  });
  client_
      ->connect(::mqtt::connect_options_builder()
                    .clean_session(false)
                    .automatic_reconnect(std::chrono::seconds(1), std::chrono::seconds(2))
                    .finalize())
      ->wait();
}

SoakClient::~SoakClient() {
  try {
    if (client_->is_connected()) client_->disconnect()->wait_for(std::chrono::seconds(2));
  } catch (const ::mqtt::exception&) {
    // The broker may be gone already: nothing to close then.
  }
}

::mqtt::delivery_token_ptr SoakClient::publish(const std::string& topic, const std::string& payload,
                                               int qos) {
  if (!client_->is_connected()) return nullptr;
  try {
    return client_->publish(topic, payload.data(), payload.size(), qos, false);
  } catch (const ::mqtt::exception&) {
    return nullptr;  // the connection went away in between
  }
}

}  // namespace gpiogw::soak
