#pragma once
// The gateway: wires the lines (Outputs, Inputs), the sensors, the text commands and Home
// Assistant to the broker session and routes what comes in. Every part is built completely in
// the member initializers, in declaration order; the optional ones exist only by config.
// Everything here runs on the loop thread.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/chat/room.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/gateway/command_executor.hpp"
#include "gpiogw/gateway/connection_observer.hpp"
#include "gpiogw/gateway/counters.hpp"
#include "gpiogw/gateway/inputs.hpp"
#include "gpiogw/gateway/leftover_states.hpp"
#include "gpiogw/gateway/line_request.hpp"
#include "gpiogw/gateway/mqtt_session.hpp"
#include "gpiogw/gateway/outputs.hpp"
#include "gpiogw/gateway/sensor_publisher.hpp"
#include "gpiogw/gateway/state_store.hpp"
#include "gpiogw/gateway/topic_router.hpp"
#include "gpiogw/gesture/detector.hpp"
#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/homeassistant/announcer.hpp"
#include "gpiogw/pwm/pwm_outputs.hpp"
#include "gpiogw/rules/rules.hpp"

namespace gpiogw {

class Gateway final : private SessionListener, private DisconnectPolicy {
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
  void observe_connection(ConnectionObserver& observer) { session_.observe(observer); }

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
  // SessionListener
  void on_connected() override;
  void publish_states() override;
  void on_message(const std::string& topic, const std::string& payload, bool retained) override;
  // DisconnectPolicy: on_disconnect lives in Outputs and PwmOutputs.
  void broker_lost() override;
  void broker_back() override;
  std::optional<EventLoop::TimePoint> next_disconnect_deadline() const override;
  void broker_unreachable(std::string_view evidence) override;

  // The routes; uses only members declared before router_.
  TopicRouter make_router();
  void on_output_command(Outputs::Output& output, const std::string& topic,
                         const std::string& payload);
  void on_pulse_command(Outputs::Output& output, const std::string& topic,
                        const std::string& payload);
  void add_counter_routes(TopicRouter& router);
  void on_command_line(const std::string& payload);
  void on_chat_line(std::string_view sender, const std::string& payload);
  void on_output_change(const Outputs::Output& output, bool level, bool changed);
  void on_input_change(const Inputs::Input& input, bool level);
  void on_button_event(const config::Input& input, config::ButtonEvent event);
  void on_pwm_command(pwm::PwmOutputs::Pwm& pwm, const std::string& topic,
                      const std::string& payload);
  void on_pwm_change(const pwm::PwmOutputs::Pwm& pwm);
  // Retained, through the outbox while the broker is away.
  void publish_state_change(const std::string& topic, std::string payload);

  const config::Config& config_;
  gpio::Backend& gpio_;
  EventLoop& loop_;
  Topics topics_;
  MqttSession session_;
  SensorPublisher sensors_;
  // only when an output has initial = "restore" or a counter keeps its total
  std::optional<StateStore> state_store_;
  LineRequest lines_;  // before the parts that drive the lines
  Outputs outputs_;
  Inputs inputs_;
  pwm::PwmOutputs pwms_;
  Counters counters_;
  rules::Engine rules_;  // runs its actions through executor_
  CommandExecutor executor_;
  // One per input, by index; only inputs with events have one.
  std::vector<std::unique_ptr<gesture::Detector>> buttons_;
  std::optional<chat::ChatRoom> chat_room_;  // only with [chat]
  homeassistant::Announcer announcer_;       // with discovery = false it only removes
  LeftoverStates leftover_states_;
  TopicRouter router_;
  EventLoop::Source edge_source_;
};

}  // namespace gpiogw
