#pragma once
// The gateway: ties the lines (Outputs, Inputs), the MQTT client and the loop together and owns the
// MQTT side: topics, subscriptions, (re)connecting. Everything here runs on the loop thread.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gpiogw/base/backoff.hpp"
#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/chat/room.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/gateway/command_executor.hpp"
#include "gpiogw/gateway/connection_observer.hpp"
#include "gpiogw/gateway/health.hpp"
#include "gpiogw/gateway/inputs.hpp"
#include "gpiogw/gateway/outbox.hpp"
#include "gpiogw/gateway/outputs.hpp"
#include "gpiogw/gateway/sensor_publisher.hpp"
#include "gpiogw/gateway/state_store.hpp"
#include "gpiogw/gateway/takeover_detector.hpp"
#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/homeassistant/announcer.hpp"
#include "gpiogw/mqtt/client.hpp"

namespace gpiogw {

using ClientFactory = std::function<std::unique_ptr<mqtt::Client>(mqtt::Handler&)>;

// What a gateway hands to the one that replaces it on a reload (SIGHUP).
struct Handover {
  std::vector<gpio::LineSpec> requested;  // the lines the backend holds, as requested
  Outputs::CarriedOver outputs;
};

// Whether two requests ask for the same lines with the same settings (initial values aside).
bool same_lines(std::vector<gpio::LineSpec> a, std::vector<gpio::LineSpec> b);

class Gateway final : private mqtt::Handler {
 public:
  // Requests every configured line with its initial value (throws gpio::GpioError) and logs
  // where each one ended up. Nothing is published until start().
  // With a `handover` (a reload), outputs whose entry did not change keep their level and their
  // timers; the backend's request stays as it is when no line's request changed, else it is
  // released (handover->requested is cleared then) and made again with those levels. Outputs
  // whose entry changed start as at a start: `initial` decides their level.
  Gateway(const config::Config& config, gpio::Backend& gpio, EventLoop& loop,
          const ClientFactory& make_client, Handover* handover = nullptr);
  ~Gateway() override;

  // Tells `observer` (which must outlive the gateway) how the broker connection is doing.
  void observe_connection(ConnectionObserver& observer) { observer_ = &observer; }

  // Starts connecting (and retrying; sensors start at the first connect); then run the loop.
  void start();
  // Publishes "offline", disconnects and ends the loop with exit code 0.
  void stop(std::string_view why);
  // For a reload: writes the state file, disconnects without "offline" (the next gateway says
  // "online" in a moment) and tells where every output stands. Destroy the gateway next.
  Handover hand_over();
  // Logs one line: the connection and every output, input and sensor (SIGUSR1).
  void report_status();

 private:
  void on_connected() override;
  void on_connect_failed(const std::string& reason) override;
  void on_connection_lost(const std::string& reason) override;
  void on_message(const std::string& topic, const std::string& payload, bool retained) override;

  void on_output_command(Outputs::Output& output, const std::string& topic,
                         const std::string& payload);
  void on_pulse_command(Outputs::Output& output, const std::string& topic,
                        const std::string& payload);
  void on_command_line(const std::string& payload);
  void on_chat_line(std::string_view sender, const std::string& payload);
  void attempt_connect();
  // After a failed attempt or a lost connection; `evidence` says which, for on_disconnect's log.
  void schedule_reconnect(std::string_view what, const std::string& reason,
                          std::string_view evidence);
  void publish_state_change(const std::string& topic, bool level);
  void publish_states();
  // Publishes now, or keeps the message in the outbox until the broker is back. For everything
  // that happens on its own (state changes, readings), not for answers to messages.
  void send(OutgoingMessage message);

  const config::Config& config_;
  gpio::Backend& gpio_;
  EventLoop& loop_;
  Topics topics_;
  std::unique_ptr<mqtt::Client> client_;
  // Constructed once the lines are requested.
  std::optional<Outputs> outputs_;
  std::optional<Inputs> inputs_;
  std::optional<CommandExecutor> executor_;
  chat::Executor execute_;
  std::optional<chat::ChatRoom> chat_room_;
  std::optional<StateStore> state_store_;  // only when an output has initial = "restore"
  std::unordered_map<std::string, Outputs::Output*> output_by_set_topic_;
  std::unordered_map<std::string, Outputs::Output*> output_by_pulse_topic_;
  Outbox outbox_;
  SensorPublisher sensors_;
  Backoff reconnect_backoff_;
  EventLoop::Timer reconnect_timer_;
  int connect_attempts_ = 0;  // since the last successful connect
  EventLoop::TimePoint connected_at_{};
  bool connected_at_first_try_ = false;
  TakeoverDetector takeovers_;
  Health health_;
  std::optional<homeassistant::Announcer> announcer_;
  std::vector<gpio::LineSpec> requested_;
  EventLoop::Source edge_source_;
  ConnectionObserver ignore_connection_;
  ConnectionObserver* observer_ = &ignore_connection_;
};

}  // namespace gpiogw
