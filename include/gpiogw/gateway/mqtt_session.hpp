#pragma once
// The broker connection: connect attempts (to the nodes of a cluster in turn, BrokerList), the
// reconnect back-off (and an attempt exactly at an on_disconnect deadline), subscriptions after
// every connect, "online"/"offline" on the status topic, health and the outbox. Knows nothing of
// lines or topics' meaning: what comes in goes to a SessionListener, and whether the broker is
// reachable goes to a DisconnectPolicy. Everything here runs on the loop thread.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/base/backoff.hpp"
#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/gateway/broker_list.hpp"
#include "gpiogw/gateway/connection_observer.hpp"
#include "gpiogw/gateway/health.hpp"
#include "gpiogw/gateway/outbox.hpp"
#include "gpiogw/gateway/subscription.hpp"
#include "gpiogw/gateway/takeover_detector.hpp"
#include "gpiogw/mqtt/client.hpp"

namespace gpiogw {

using ClientFactory = std::function<std::unique_ptr<mqtt::Client>(mqtt::Handler&)>;

class SessionListener {
 public:
  virtual ~SessionListener() = default;
  // Connected, subscribed, "online" published; before the outbox is sent (Home Assistant's
  // configs go first, so that it knows what the states belong to).
  virtual void on_connected() = 0;
  // After the outbox: every current state, the last word for each retained topic even if the
  // outbox had to drop part of the history.
  virtual void publish_states() = 0;
  virtual void on_message(const std::string& topic, const std::string& payload, bool retained) = 0;
};

// What depends on how long the broker has been away (on_disconnect, in Outputs).
class DisconnectPolicy {
 public:
  virtual ~DisconnectPolicy() = default;
  virtual void broker_lost() = 0;
  virtual void broker_back() = 0;
  // When a connect attempt must be made, whatever the back-off says.
  virtual std::optional<EventLoop::TimePoint> next_disconnect_deadline() const = 0;
  // A connect attempt failed, or the connection was lost, now; `evidence` says which.
  virtual void broker_unreachable(std::string_view evidence) = 0;
};

class MqttSession final : private mqtt::Handler {
 public:
  // The client is made now (by `make_client`); nothing is sent before start().
  MqttSession(const config::Mqtt& config, const Topics& topics, EventLoop& loop,
              const ClientFactory& make_client, SessionListener& listener,
              DisconnectPolicy& policy);
  ~MqttSession() override;
  MqttSession(const MqttSession&) = delete;
  MqttSession& operator=(const MqttSession&) = delete;

  // Tells `observer` (which must outlive the session) how the connection is doing.
  void observe(ConnectionObserver& observer) { observer_ = &observer; }

  // The broker node the session is on, or tries next; a reload's new session starts there.
  const std::string& node() const { return brokers_.current(); }
  void start_at(const std::string& node) { brokers_.start_at(node); }
  // Starts connecting, and retrying; `subscriptions` are made after every connect.
  void start(std::vector<Subscription> subscriptions);
  // No more attempts. stop() also tells the observer that the process is stopping.
  void stop_retrying();
  void stop();
  enum class Farewell { offline, silent };
  // When connected: publishes "offline" (Farewell::offline), then disconnects.
  void disconnect(Farewell farewell);

  bool connected() const { return client_->connected(); }
  // Publishes now, or keeps the message in the outbox until the broker is back. For everything
  // that happens on its own (state changes, readings), not for answers to messages.
  void send(OutgoingMessage message);
  // Publishes now with the configured QoS; false when not taken. For answers and announcements.
  bool publish(const std::string& topic, std::string_view payload, bool retain);

 private:
  void on_connected() override;
  void on_connect_failed(const std::string& reason) override;
  void on_connection_lost(const std::string& reason) override;
  void on_message(const std::string& topic, const std::string& payload, bool retained) override;

  void attempt_connect();
  // After a failed attempt or a lost connection; `evidence` says which, for on_disconnect's log.
  void schedule_reconnect(std::string_view what, const std::string& reason,
                          std::string_view evidence);

  const config::Mqtt& config_;
  const Topics& topics_;
  EventLoop& loop_;
  SessionListener& listener_;
  DisconnectPolicy& policy_;
  std::unique_ptr<mqtt::Client> client_;  // first made, last destroyed: the rest publish to it
  std::vector<Subscription> subscriptions_;
  Outbox outbox_;
  BrokerList brokers_;
  Backoff backoff_;          // after every node has failed once more
  Backoff next_node_delay_;  // before trying the next node, while some have not failed yet
  EventLoop::Timer reconnect_timer_;
  int connect_attempts_ = 0;  // since the last successful connect
  EventLoop::TimePoint connected_at_{};
  bool connected_at_first_try_ = false;
  TakeoverDetector takeovers_;
  Health health_;
  ConnectionObserver ignore_connection_;
  ConnectionObserver* observer_ = &ignore_connection_;
};

}  // namespace gpiogw
