#include "gpiogw/gateway/gateway.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/base/text.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/homeassistant/discovery.hpp"
#include "gpiogw/pwm/duty.hpp"
#include "gpiogw/pwm/open_channel.hpp"

namespace gpiogw {
namespace {

// Each returns its part only when the config asks for it.

std::optional<StateStore> make_state_store(const config::Config& config, EventLoop& loop) {
  const bool restores =
      std::ranges::any_of(
          config.outputs,
          [](const auto& output) { return output.initial == config::Initial::restore; }) ||
      std::ranges::any_of(config.pwms, [](const auto& pwm) { return !pwm.initial; });
  if (!restores && config.counters.empty()) return std::nullopt;
  return std::optional<StateStore>(std::in_place, config.gateway.state_dir / "outputs.state", loop);
}

// The PWM channels, opened and started; a channel that cannot be is a GpioError, as a line's is.
pwm::PwmOutputs make_pwms(const config::Config& config, EventLoop& loop,
                          pwm::PwmOutputs::OnChange on_change,
                          const std::optional<StateStore>& state_store, const Handover* handover) {
  try {
    return pwm::PwmOutputs(
        config.pwms, [&config](const config::Pwm& pwm) { return pwm::open_channel(pwm, config); },
        loop, std::move(on_change),
        state_store ? state_store->percents() : std::map<std::string, double>{},
        handover ? handover->pwms : pwm::PwmOutputs::CarriedOver{});
  } catch (const pwm::PwmError& error) {
    throw gpio::GpioError(error.what());
  }
}

std::vector<std::unique_ptr<gesture::Detector>> make_buttons(
    const Inputs& inputs, EventLoop& loop,
    const std::function<void(const config::Input&, config::ButtonEvent)>& on_event) {
  std::vector<std::unique_ptr<gesture::Detector>> buttons;
  for (const auto& input : inputs.all()) {
    const config::Input& config = *input.config;
    buttons.push_back(config.events.empty() ? nullptr
                                            : std::make_unique<gesture::Detector>(
                                                  config, loop,
                                                  [on_event, &config](config::ButtonEvent event) {
                                                    on_event(config, event);
                                                  },
                                                  Inputs::level(input)));
  }
  return buttons;
}

std::optional<chat::ChatRoom> make_chat_room(const config::Config& config) {
  if (!config.chat) return std::nullopt;
  return std::optional<chat::ChatRoom>(std::in_place, *config.chat,
                                       [](const std::string& text) { log::warning("{}", text); });
}

}  // namespace

Gateway::Gateway(const config::Config& config, gpio::Backend& gpio, EventLoop& loop,
                 const ClientFactory& make_client, Handover* handover)
    : config_(config),
      gpio_(gpio),
      loop_(loop),
      topics_(config.gateway.topic_prefix),
      session_(config.mqtt, topics_, loop, make_client, *this, *this),
      sensors_(config, topics_, loop,
               [this](const std::string& topic, std::string_view payload, bool retain) {
                 // Like state changes, readings wait in the outbox while the broker is away.
                 session_.send({.topic = topic,
                                .payload = std::string(payload),
                                .qos = config_.mqtt.qos,
                                .retain = retain});
               }),
      state_store_(make_state_store(config, loop)),
      lines_(config, gpio, state_store_ ? state_store_->levels() : std::map<std::string, bool>{},
             handover),
      outputs_(
          config.outputs, 0, gpio, loop,
          [this](const Outputs::Output& output, bool level, bool changed) {
            on_output_change(output, level, changed);
          },
          lines_.carried()),
      inputs_(config.inputs, config.outputs.size(), gpio, loop,
              [this](const Inputs::Input& input, bool level) { on_input_change(input, level); }),
      pwms_(make_pwms(
          config, loop, [this](const pwm::PwmOutputs::Pwm& pwm) { on_pwm_change(pwm); },
          state_store_, handover)),
      counters_(
          config.counters, config.outputs.size() + config.inputs.size(), gpio, loop, topics_,
          state_store_ ? state_store_->totals() : std::map<std::string, std::uint64_t>{},
          [this](const std::string& topic, const std::string& payload) {
            return session_.publish(topic, payload, true);
          },
          [this](const std::string& name, std::uint64_t total) {
            state_store_->record_total(name, total);
          }),
      rules_(config, loop, std::bind_front(&CommandExecutor::execute, &executor_),
             [this] { return session_.connected(); }),
      executor_(
          config, loop, outputs_, inputs_, pwms_, counters_, sensors_,
          [this] { return session_.connected(); }, &rules_),
      buttons_(make_buttons(inputs_, loop,
                            [this](const config::Input& input, config::ButtonEvent event) {
                              on_button_event(input, event);
                            })),
      chat_room_(make_chat_room(config)),
      // Also with discovery = false: it then removes the configs announced while it was on.
      announcer_(
          config, topics_, loop,
          [this](const std::string& topic, const std::string& payload) {
            session_.publish(topic, payload, true);
          },
          [this] { publish_states(); }),
      leftover_states_(config, topics_,
                       [this](const std::string& topic) { session_.publish(topic, "", true); }),
      router_(make_router()),
      edge_source_(gpio.event_fd() >= 0 ? loop.watch_readable(gpio.event_fd(),
                                                              [this] {
                                                                const auto events =
                                                                    gpio_.read_events();
                                                                inputs_.on_edges(events);
                                                                counters_.on_edges(events);
                                                              })
                                        : EventLoop::Source{}) {
  if (handover) session_.start_at(handover->broker);
  if (lines_.kept()) {
    // The lines kept their levels; an output whose entry changed starts as its entry says.
    for (std::size_t i = 0; i < lines_.levels().size(); ++i) {
      auto& output = outputs_.all()[i];
      if (!Outputs::took_over(output) && outputs_.level(output) != lines_.levels()[i]) {
        outputs_.drive(output, lines_.levels()[i], "reload: its entry changed");
      }
    }
  }
  for (const auto& output : outputs_.all()) {
    log::info("output '{}' on {}, initially {}", output.config->name, gpio_.describe(output.line),
              state_payload(outputs_.level(output)));
  }
  for (const auto& input : inputs_.all()) {
    log::info("input '{}' on {}, now {}", input.config->name, gpio_.describe(input.line),
              state_payload(Inputs::level(input)));
  }
  for (const auto& pwm : pwms_.all()) {
    log::info("pwm '{}' on {}, initially {}%", pwm.config->name, pwm.device->describe(),
              pwm::percent_payload(pwm.percent));
  }
}

Gateway::~Gateway() = default;

TopicRouter Gateway::make_router() {
  TopicRouter router;
  for (auto& output : outputs_.all()) {
    router.add_command(topics_.output_set(output.config->name),
                       [this, &output](const std::string& topic, const std::string& payload) {
                         on_output_command(output, topic, payload);
                       });
    router.add_command(topics_.output_pulse(output.config->name),
                       [this, &output](const std::string& topic, const std::string& payload) {
                         on_pulse_command(output, topic, payload);
                       });
  }
  for (auto& pwm : pwms_.all()) {
    router.add_command(topics_.pwm_set(pwm.config->name),
                       [this, &pwm](const std::string& topic, const std::string& payload) {
                         on_pwm_command(pwm, topic, payload);
                       });
  }
  add_counter_routes(router);
  leftover_states_.add_routes(router);
  router.add_command(topics_.command(), [this](const std::string&, const std::string& payload) {
    on_command_line(payload);
  });
  if (chat_room_) {
    router.add_commands(
        chat_room_->subscription(),
        [this](std::string_view topic) { return chat_room_->sender_of(topic).has_value(); },
        [this](const std::string& topic, const std::string& payload) {
          on_chat_line(*chat_room_->sender_of(topic), payload);
        });
  }
  router.add_state(
      announcer_.birth_topic(),
      [birth = announcer_.birth_topic()](std::string_view topic) { return topic == birth; },
      [this](const std::string&, const std::string& payload, bool retained) {
        // A retained birth is HA's state when we connected, and connecting announced already.
        if (!retained) announcer_.on_birth(payload);
      });
  router.add_state(
      announcer_.config_subscription(),
      [this](std::string_view topic) { return announcer_.is_own_config(topic); },
      [this](const std::string& topic, const std::string& payload, bool retained) {
        announcer_.on_config(topic, payload, retained);
      });
  return router;
}

void Gateway::add_counter_routes(TopicRouter& router) {
  for (auto& counter : counters_.all()) {
    const auto& name = counter.logic.config().name;
    router.add_command(topics_.counter_set(name),
                       [this, &counter](const std::string& topic, const std::string& payload) {
                         const auto outcome = counters_.set(counter, payload, topic);
                         if (!outcome.ok) log::warning("ignoring {}: {}", topic, outcome.text);
                       });
    // Our own retained total, as the broker kept it: reconciled after every connect.
    router.add_state(
        topics_.counter(name),
        [topic = topics_.counter(name)](std::string_view t) { return t == topic; },
        [this, &counter](const std::string&, const std::string& payload, bool retained) {
          if (retained) counters_.on_retained(counter, payload);
        });
  }
}

void Gateway::start() {
  session_.start(router_.subscriptions());
}

void Gateway::stop(std::string_view why) {
  log::info("stopping ({})", why);
  session_.stop();
  rules_.stop();
  outputs_.shut_down();
  pwms_.shut_down();
  counters_.save();
  if (state_store_) state_store_->flush();
  session_.disconnect(MqttSession::Farewell::offline);
  loop_.exit(0);
}

Handover Gateway::hand_over() {
  log::info("handing over to the reloaded configuration");
  session_.stop_retrying();
  counters_.save();
  if (state_store_) state_store_->flush();
  session_.disconnect(MqttSession::Farewell::silent);
  return {.requested = lines_.specs(),
          .outputs = outputs_.carry_over(),
          .pwms = pwms_.carry_over(),
          .broker = session_.node()};
}

void Gateway::report_status() {
  const chat::Command status{.verb = chat::Verb::status};
  const chat::Command list{.verb = chat::Verb::list};
  log::info("status: {}; {}", executor_.execute(status, "SIGUSR1").text,
            executor_.execute(list, "SIGUSR1").text);
}

void Gateway::on_connected() {
  announcer_.on_connected();
  counters_.on_connected();
}

void Gateway::publish_states() {
  for (const auto& output : outputs_.all()) {
    session_.publish(topics_.output_state(output.config->name),
                     state_payload(outputs_.level(output)), true);
  }
  for (const auto& input : inputs_.all()) {
    session_.publish(topics_.input_state(input.config->name), state_payload(Inputs::level(input)),
                     true);
  }
  for (const auto& pwm : pwms_.all()) {
    session_.publish(topics_.pwm_state(pwm.config->name), pwm::percent_payload(pwm.percent), true);
  }
  sensors_.on_connected();
  counters_.publish_all();  // not while they wait for the retained totals after a connect
}

void Gateway::broker_lost() {
  outputs_.broker_lost();
  pwms_.broker_lost();
}

void Gateway::broker_back() {
  outputs_.broker_back();
  pwms_.broker_back();
}

std::optional<EventLoop::TimePoint> Gateway::next_disconnect_deadline() const {
  return earliest(outputs_.next_disconnect_deadline(), pwms_.next_disconnect_deadline());
}

void Gateway::broker_unreachable(std::string_view evidence) {
  outputs_.broker_unreachable(evidence);
  pwms_.broker_unreachable(evidence);
}

void Gateway::on_message(const std::string& topic, const std::string& payload, bool retained) {
  router_.route(topic, payload, retained);
}

void Gateway::on_pulse_command(Outputs::Output& output, const std::string& topic,
                               const std::string& payload) {
  const auto duration = config::parse_duration(trim(payload));
  if (const auto* problem = std::get_if<std::string>(&duration)) {
    log::warning("ignoring {}: {}", topic, *problem);  // the problem quotes the payload
    return;
  }
  const auto length = std::get<std::chrono::milliseconds>(duration);
  if (length <= std::chrono::milliseconds::zero()) {
    log::warning("ignoring {}: a pulse must last longer than 0", topic);
    return;
  }
  outputs_.pulse(output, length, "pulse command");
}

void Gateway::on_command_line(const std::string& payload) {
  session_.publish(topics_.command_reply(),
                   chat::run_command_line(payload, topics_.command(),
                                          std::bind_front(&CommandExecutor::execute, &executor_)),
                   false);
}

void Gateway::on_chat_line(std::string_view sender, const std::string& payload) {
  const auto reply = chat_room_->on_line(sender, payload, loop_.now(),
                                         std::bind_front(&CommandExecutor::execute, &executor_));
  if (reply) session_.publish(chat_room_->reply_topic(), *reply, false);
}

void Gateway::on_output_command(Outputs::Output& output, const std::string& topic,
                                const std::string& payload) {
  const auto command = parse_switch_command(payload);
  if (!command) {
    log::warning("ignoring {}: payload {} is not one of ON, OFF, TOGGLE, 1, 0, true, false", topic,
                 printable_excerpt(payload));
    return;
  }
  if (*command == SwitchCommand::toggle) {
    outputs_.toggle(output, "command");
  } else {
    outputs_.drive(output, *command == SwitchCommand::on, "command");
  }
}

void Gateway::on_output_change(const Outputs::Output& output, bool level, bool changed) {
  publish_state_change(topics_.output_state(output.config->name),
                       std::string(state_payload(level)));
  if (changed) rules_.on_state(output.config->name, level);
  if (state_store_ && output.config->initial == config::Initial::restore) {
    state_store_->record(output.config->name, outputs_.restore_level(output));
  }
}

void Gateway::on_input_change(const Inputs::Input& input, bool level) {
  publish_state_change(topics_.input_state(input.config->name), std::string(state_payload(level)));
  const auto index = static_cast<std::size_t>(&input - inputs_.all().data());
  if (buttons_[index]) buttons_[index]->on_level(level);
  rules_.on_state(input.config->name, level);
}

void Gateway::on_button_event(const config::Input& input, config::ButtonEvent event) {
  log::info("input '{}' {}", input.name, config::to_string(event));
  // A moment, not a state: not kept for a broker that is away (rules act without it).
  session_.publish(topics_.input_event(input.name), homeassistant::event_payload(event), false);
  rules_.on_event(input.name, event);
}

void Gateway::on_pwm_command(pwm::PwmOutputs::Pwm& pwm, const std::string& topic,
                             const std::string& payload) {
  // A number is a percent ("1" is 1 %, not ON); else one of the switch words.
  if (const auto percent = parse_percent(payload)) return pwms_.set(pwm, *percent, "command");
  if (const auto command = parse_switch_command(payload))
    return pwms_.switch_to(pwm, *command, "command");
  log::warning("ignoring {}: payload {} is not a percent 0..100, ON, OFF or TOGGLE", topic,
               printable_excerpt(payload));
}

void Gateway::on_pwm_change(const pwm::PwmOutputs::Pwm& pwm) {
  publish_state_change(topics_.pwm_state(pwm.config->name), pwm::percent_payload(pwm.percent));
  if (state_store_ && !pwm.config->initial)
    state_store_->record_percent(pwm.config->name, pwm.percent);
}

void Gateway::publish_state_change(const std::string& topic, std::string payload) {
  session_.send(
      {.topic = topic, .payload = std::move(payload), .qos = config_.mqtt.qos, .retain = true});
}

}  // namespace gpiogw
