#include "gpiogw/gateway/mqtt_session.hpp"

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/duration.hpp"

namespace gpiogw {
namespace {

constexpr std::string_view kOnline = "online";
constexpr std::string_view kOffline = "offline";
constexpr auto kDisconnectTimeout = std::chrono::milliseconds(500);

std::uint32_t fleet_seed(const std::string& client_id) {
  return static_cast<std::uint32_t>(std::hash<std::string>{}(client_id));
}

}  // namespace

MqttSession::MqttSession(const config::Mqtt& config, const Topics& topics, EventLoop& loop,
                         const ClientFactory& make_client, SessionListener& listener,
                         DisconnectPolicy& policy)
    : config_(config),
      topics_(topics),
      loop_(loop),
      listener_(listener),
      policy_(policy),
      client_(make_client(*this)),
      outbox_(config.offline_buffer),
      // The node order and the jitter are seeded from the client id: gateways of a fleet (each
      // with its own id) spread over the nodes and retry out of step, and one gateway's schedule
      // is the same every run (and in tests).
      brokers_(config.uris, fleet_seed(config.client_id)),
      backoff_(std::chrono::seconds(1), std::chrono::seconds(30), fleet_seed(config.client_id)),
      // As the back-off's first step: a dead node's gateways reach the next one out of step.
      next_node_delay_(std::chrono::seconds(1), std::chrono::seconds(1),
                       fleet_seed(config.client_id)),
      reconnect_timer_(loop.make_timer([this] { attempt_connect(); })),
      health_(loop, [this](const std::string& name, const std::string& value) {
        client_->publish(topics_.diagnostic(name), value, config_.qos, true);
      }) {}

MqttSession::~MqttSession() = default;

void MqttSession::start(std::vector<Subscription> subscriptions) {
  subscriptions_ = std::move(subscriptions);
  log::info("connecting to {} as '{}' ({}, {} session)", brokers_.current(), config_.client_id,
            config::to_string(config_.protocol), config_.clean_session ? "clean" : "persistent");
  if (brokers_.order().size() > 1)
    log::info("broker nodes in this gateway's order: {}", fmt::join(brokers_.order(), ", "));
  policy_.broker_lost();  // until the first connect succeeds, on_disconnect's grace is running
  observer_->connecting(brokers_.current());
  attempt_connect();
}

void MqttSession::stop_retrying() {
  reconnect_timer_.cancel();
}

void MqttSession::stop() {
  observer_->stopping();
  stop_retrying();
}

void MqttSession::disconnect(Farewell farewell) {
  if (!client_->connected()) return;
  if (farewell == Farewell::offline)
    client_->publish(topics_.status(), kOffline, config_.qos, true);
  client_->disconnect(kDisconnectTimeout);
}

void MqttSession::send(OutgoingMessage message) {
  if (client_->connected() &&
      client_->publish(message.topic, message.payload, message.qos, message.retain)) {
    return;
  }
  outbox_.keep(std::move(message));
}

bool MqttSession::publish(const std::string& topic, std::string_view payload, bool retain) {
  return client_->publish(topic, payload, config_.qos, retain);
}

void MqttSession::attempt_connect() {
  ++connect_attempts_;
  client_->connect(brokers_.current());
}

void MqttSession::on_connected() {
  log::info("connected to {}", brokers_.current());
  brokers_.connected();
  backoff_.reset();
  connected_at_first_try_ = connect_attempts_ == 1;
  connect_attempts_ = 0;
  connected_at_ = loop_.now();
  policy_.broker_back();
  observer_->connected(brokers_.current());
  for (const auto& subscription : subscriptions_) {
    client_->subscribe(subscription.filter, config_.qos, subscription.retain_flag);
  }
  client_->publish(topics_.status(), kOnline, config_.qos, true);
  listener_.on_connected();
  // What happened while away first, in order; then every current state.
  outbox_.send_all([this](const OutgoingMessage& message) {
    return client_->publish(message.topic, message.payload, message.qos, message.retain);
  });
  listener_.publish_states();
  health_.connected();
}

void MqttSession::on_connect_failed(const std::string& reason) {
  schedule_reconnect("cannot connect to", reason,
                     fmt::format("connect attempt {} failed", connect_attempts_));
}

void MqttSession::on_connection_lost(const std::string& reason) {
  if (takeovers_.lost(loop_.now() - connected_at_, connected_at_first_try_)) {
    log::error(
        "the broker dropped the connection right after connecting, {} times in a row: most likely "
        "another client connects with the same client id '{}' and each takes the session from "
        "the other; give every gateway its own [mqtt] client_id",
        TakeoverDetector::kInARow, config_.client_id);
  }
  schedule_reconnect("lost the connection to", reason, "the connection was lost");
}

void MqttSession::on_message(const std::string& topic, const std::string& payload, bool retained) {
  listener_.on_message(topic, payload, retained);
}

void MqttSession::schedule_reconnect(std::string_view what, const std::string& reason,
                                     std::string_view evidence) {
  policy_.broker_lost();
  policy_.broker_unreachable(fmt::format("{}: {}", evidence, printable_excerpt(reason)));
  health_.disconnected();
  const std::string node = brokers_.current();
  health_.error(fmt::format("{} {}: {}", what, node, reason));
  const bool round_failed = brokers_.failed();
  const auto now = loop_.now();
  auto next_attempt = now + (round_failed ? backoff_.next() : next_node_delay_.next());
  std::string_view why_then;
  // An on_disconnect deadline is decided by an attempt made then, not by the back-off's schedule.
  if (const auto deadline = policy_.next_disconnect_deadline();
      deadline && *deadline < next_attempt) {
    next_attempt = *deadline;
    why_then = " (an on_disconnect grace ends then)";
  }
  const auto delay = std::chrono::ceil<std::chrono::milliseconds>(next_attempt - now);
  const std::string where =
      brokers_.current() == node ? "" : fmt::format(" with {}", brokers_.current());
  log::warning("{} {}: {}; retrying{} in {}{}", what, node, reason, where,
               config::format_duration(delay), why_then);
  reconnect_timer_.arm_at(next_attempt);
  observer_->reconnecting(node, reason, delay);
}

}  // namespace gpiogw
