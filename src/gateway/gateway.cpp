#include "gpiogw/gateway/gateway.hpp"

#include <csignal>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/base/text.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/gateway/initial_levels.hpp"

namespace gpiogw {
namespace {

constexpr std::string_view kOnline = "online";
constexpr std::string_view kOffline = "offline";
constexpr auto kDisconnectTimeout = std::chrono::milliseconds(500);

// Outputs first, then inputs: Outputs and Inputs find their lines at these indices.
std::vector<gpio::LineSpec> line_specs(const config::Config& config,
                                       const std::vector<bool>& initial_levels) {
  std::vector<gpio::LineSpec> specs;
  for (std::size_t i = 0; i < config.outputs.size(); ++i) {
    const auto& output = config.outputs[i];
    specs.push_back({.name = output.name,
                     .line = output.line,
                     .direction = gpio::Direction::output,
                     .active_low = output.active_low,
                     .initial = initial_levels[i]});
  }
  for (const auto& input : config.inputs) {
    specs.push_back({.name = input.name,
                     .line = input.line,
                     .direction = gpio::Direction::input,
                     .active_low = input.active_low,
                     .bias = input.bias,
                     .edge = input.edge,
                     .debounce = input.debounce});
  }
  return specs;
}

}  // namespace

bool same_lines(std::vector<gpio::LineSpec> a, std::vector<gpio::LineSpec> b) {
  for (auto* specs : {&a, &b}) {
    for (auto& spec : *specs) spec.initial = false;
  }
  return a == b;
}

Gateway::Gateway(const config::Config& config, gpio::Backend& gpio, EventLoop& loop,
                 const ClientFactory& make_client, Handover* handover)
    : config_(config),
      gpio_(gpio),
      loop_(loop),
      topics_(config.gateway.topic_prefix),
      outbox_(config.mqtt.offline_buffer),
      sensors_(config, topics_, loop,
               [this](const std::string& topic, std::string_view payload, bool retain) {
                 // Like state changes, readings wait in the outbox while the broker is away.
                 send({.topic = topic,
                       .payload = std::string(payload),
                       .qos = config_.mqtt.qos,
                       .retain = retain});
               }),
      // Jitter seeded from the client id: gateways of a fleet (each with its own id) retry out of
      // step, and one gateway's schedule is the same every run (and in tests).
      reconnect_backoff_(
          std::chrono::seconds(1), std::chrono::seconds(30),
          static_cast<std::uint32_t>(std::hash<std::string>{}(config.mqtt.client_id))),
      reconnect_timer_(loop.make_timer([this] { attempt_connect(); })),
      health_(loop, [this](const std::string& name, const std::string& value) {
        client_->publish(topics_.diagnostic(name), value, config_.mqtt.qos, true);
      }) {
  // First: whatever changes below is sent through it (kept in the outbox until connected).
  client_ = make_client(*this);
  const bool restores = std::ranges::any_of(config.outputs, [](const auto& output) {
    return output.initial == config::Initial::restore;
  });
  if (restores) state_store_.emplace(config.gateway.state_dir / "outputs.state", loop_);
  const auto restored = state_store_ ? state_store_->levels() : std::map<std::string, bool>{};
  auto levels = initial_levels(config.outputs, restored);
  const auto carried = handover ? handover->outputs : Outputs::CarriedOver{};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const auto found = carried.find(config.outputs[i].name);
    if (found != carried.end() && found->second.config == config.outputs[i]) {
      levels[i] = found->second.level;
    }
  }
  requested_ = line_specs(config, levels);
  const bool keep_request = handover && same_lines(handover->requested, requested_);
  if (keep_request) {
    log::info("reload: every GPIO line stays requested as it is");
  } else {
    if (handover) {
      log::info("reload: the GPIO lines changed; requesting them again");
      handover->requested.clear();
      gpio_.release();
    }
    gpio_.request(requested_);
  }
  outputs_.emplace(
      config.outputs, 0, gpio_, loop_,
      [this](const Outputs::Output& output, bool level) {
        publish_state_change(topics_.output_state(output.config->name), level);
        if (state_store_ && output.config->initial == config::Initial::restore) {
          state_store_->record(output.config->name, outputs_->restore_level(output));
        }
      },
      carried);
  if (keep_request) {
    // The lines kept their levels; an output whose entry changed starts as its entry says.
    for (std::size_t i = 0; i < levels.size(); ++i) {
      auto& output = outputs_->all()[i];
      if (!Outputs::took_over(output) && outputs_->level(output) != levels[i]) {
        outputs_->drive(output, levels[i], "reload: its entry changed");
      }
    }
  }
  inputs_.emplace(config.inputs, config.outputs.size(), gpio_, loop_,
                  [this](const Inputs::Input& input, bool level) {
                    publish_state_change(topics_.input_state(input.config->name), level);
                  });
  for (auto& output : outputs_->all()) {
    log::info("output '{}' on {}, initially {}", output.config->name, gpio_.describe(output.line),
              state_payload(outputs_->level(output)));
    output_by_set_topic_.emplace(topics_.output_set(output.config->name), &output);
    output_by_pulse_topic_.emplace(topics_.output_pulse(output.config->name), &output);
  }
  for (const auto& input : inputs_->all()) {
    log::info("input '{}' on {}, now {}", input.config->name, gpio_.describe(input.line),
              state_payload(Inputs::level(input)));
  }
  executor_.emplace(config, loop_, *outputs_, *inputs_, sensors_,
                    [this] { return client_->connected(); });
  execute_ = [this](const chat::Command& command, std::string_view who) {
    return executor_->execute(command, who);
  };
  if (config.chat)
    chat_room_.emplace(*config.chat, [](const std::string& text) { log::warning("{}", text); });
  if (config.homeassistant.discovery) {
    announcer_.emplace(
        config, topics_, loop_,
        [this](const std::string& topic, const std::string& payload) {
          client_->publish(topic, payload, config_.mqtt.qos, true);
        },
        [this] { publish_states(); });
  }
  if (gpio_.event_fd() >= 0) {
    edge_source_ =
        loop_.watch_readable(gpio_.event_fd(), [this] { inputs_->on_edges(gpio_.read_events()); });
  }
}

Gateway::~Gateway() = default;

void Gateway::start() {
  log::info("connecting to {} as '{}' ({}, {} session)", config_.mqtt.uri, config_.mqtt.client_id,
            config::to_string(config_.mqtt.protocol),
            config_.mqtt.clean_session ? "clean" : "persistent");
  outputs_->broker_lost();  // until the first connect succeeds, on_disconnect's grace is running
  observer_->connecting(config_.mqtt.uri);
  attempt_connect();
}

void Gateway::attempt_connect() {
  ++connect_attempts_;
  client_->connect();
}

void Gateway::stop(std::string_view why) {
  log::info("stopping ({})", why);
  observer_->stopping();
  reconnect_timer_.cancel();
  outputs_->shut_down();
  if (state_store_) state_store_->flush();
  if (client_->connected()) {
    client_->publish(topics_.status(), kOffline, config_.mqtt.qos, true);
    client_->disconnect(kDisconnectTimeout);
  }
  loop_.exit(0);
}

Handover Gateway::hand_over() {
  log::info("handing over to the reloaded configuration");
  reconnect_timer_.cancel();
  if (state_store_) state_store_->flush();
  if (client_->connected()) client_->disconnect(kDisconnectTimeout);
  return {.requested = requested_, .outputs = outputs_->carry_over()};
}

void Gateway::report_status() {
  const chat::Command status{.verb = chat::Verb::status};
  const chat::Command list{.verb = chat::Verb::list};
  log::info("status: {}; {}", executor_->execute(status, "SIGUSR1").text,
            executor_->execute(list, "SIGUSR1").text);
}

void Gateway::on_connected() {
  log::info("connected to {}", config_.mqtt.uri);
  reconnect_backoff_.reset();
  connected_at_first_try_ = connect_attempts_ == 1;
  connect_attempts_ = 0;
  connected_at_ = loop_.now();
  outputs_->broker_back();
  observer_->connected(config_.mqtt.uri);
  const int qos = config_.mqtt.qos;
  // Commands: with MQTT 5 a live retained one arrives retained too, and on_message ignores it.
  const auto commands = mqtt::RetainFlag::as_published;
  for (const auto& [topic, output] : output_by_set_topic_) client_->subscribe(topic, qos, commands);
  for (const auto& [topic, output] : output_by_pulse_topic_)
    client_->subscribe(topic, qos, commands);
  client_->subscribe(topics_.command(), qos, commands);
  if (chat_room_) client_->subscribe(chat_room_->subscription(), qos, commands);
  client_->publish(topics_.status(), kOnline, qos, true);
  if (announcer_) {
    client_->subscribe(announcer_->birth_topic(), qos);
    announcer_->on_connected();  // configs before states, so HA knows what the states belong to
    client_->subscribe(announcer_->config_subscription(), qos);
  }
  // What happened while away first, in order; then every current state, which is the last word
  // for each retained topic even if the outbox had to drop part of the history.
  outbox_.send_all([this](const OutgoingMessage& message) {
    return client_->publish(message.topic, message.payload, message.qos, message.retain);
  });
  publish_states();
  health_.connected();
}

void Gateway::publish_states() {
  const int qos = config_.mqtt.qos;
  for (const auto& output : outputs_->all()) {
    client_->publish(topics_.output_state(output.config->name),
                     state_payload(outputs_->level(output)), qos, true);
  }
  for (const auto& input : inputs_->all()) {
    client_->publish(topics_.input_state(input.config->name), state_payload(Inputs::level(input)),
                     qos, true);
  }
  sensors_.on_connected();
}

void Gateway::on_connect_failed(const std::string& reason) {
  schedule_reconnect("cannot connect to", reason,
                     fmt::format("connect attempt {} failed", connect_attempts_));
}

void Gateway::on_connection_lost(const std::string& reason) {
  if (takeovers_.lost(loop_.now() - connected_at_, connected_at_first_try_)) {
    log::error(
        "the broker dropped the connection right after connecting, {} times in a row: most likely "
        "another client connects with the same client id '{}' and each takes the session from "
        "the other; give every gateway its own [mqtt] client_id",
        TakeoverDetector::kInARow, config_.mqtt.client_id);
  }
  schedule_reconnect("lost the connection to", reason, "the connection was lost");
}

void Gateway::schedule_reconnect(std::string_view what, const std::string& reason,
                                 std::string_view evidence) {
  outputs_->broker_lost();
  outputs_->broker_unreachable(fmt::format("{}: {}", evidence, printable_excerpt(reason)));
  health_.disconnected();
  health_.error(fmt::format("{} {}: {}", what, config_.mqtt.uri, reason));
  const auto now = loop_.now();
  auto next_attempt = now + reconnect_backoff_.next();
  std::string_view why_then;
  // An on_disconnect deadline is decided by an attempt made then, not by the back-off's schedule.
  if (const auto deadline = outputs_->next_disconnect_deadline();
      deadline && *deadline < next_attempt) {
    next_attempt = *deadline;
    why_then = " (an on_disconnect grace ends then)";
  }
  const auto delay = std::chrono::ceil<std::chrono::milliseconds>(next_attempt - now);
  log::warning("{} {}: {}; retrying in {}{}", what, config_.mqtt.uri, reason,
               config::format_duration(delay), why_then);
  reconnect_timer_.arm_at(next_attempt);
  observer_->reconnecting(config_.mqtt.uri, reason, delay);
}

void Gateway::on_message(const std::string& topic, const std::string& payload, bool retained) {
  if (announcer_ && topic == announcer_->birth_topic()) {
    // A retained birth is HA's state when we connected, and connecting announced already.
    if (!retained) announcer_->on_birth(payload);
    return;
  }
  if (announcer_ && announcer_->is_own_config(topic)) {
    announcer_->on_config(topic, payload, retained);
    return;
  }
  // A retained command would replay at every reconnect and move outputs long after it was meant
  // ("ghost switching"); a retained chat line is old talk. Only live messages count.
  if (retained) {
    log::warning("ignoring retained command on {} ({}): publish commands without the retain flag",
                 printable_excerpt(topic, 256), printable_excerpt(payload));
    return;
  }
  if (const auto found = output_by_set_topic_.find(topic); found != output_by_set_topic_.end()) {
    on_output_command(*found->second, topic, payload);
  } else if (const auto pulse = output_by_pulse_topic_.find(topic);
             pulse != output_by_pulse_topic_.end()) {
    on_pulse_command(*pulse->second, topic, payload);
  } else if (topic == topics_.command()) {
    on_command_line(payload);
  } else if (const auto sender = chat_room_ ? chat_room_->sender_of(topic) : std::nullopt) {
    on_chat_line(*sender, payload);
  }
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
  outputs_->pulse(output, length, "pulse command");
}

void Gateway::on_command_line(const std::string& payload) {
  client_->publish(topics_.command_reply(),
                   chat::run_command_line(payload, topics_.command(), execute_), config_.mqtt.qos,
                   false);
}

void Gateway::on_chat_line(std::string_view sender, const std::string& payload) {
  const auto reply = chat_room_->on_line(sender, payload, loop_.now(), execute_);
  if (reply) client_->publish(chat_room_->reply_topic(), *reply, config_.mqtt.qos, false);
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
    outputs_->toggle(output, "command");
  } else {
    outputs_->drive(output, *command == SwitchCommand::on, "command");
  }
}

void Gateway::publish_state_change(const std::string& topic, bool level) {
  send({.topic = topic,
        .payload = std::string(state_payload(level)),
        .qos = config_.mqtt.qos,
        .retain = true});
}

void Gateway::send(OutgoingMessage message) {
  if (client_->connected() &&
      client_->publish(message.topic, message.payload, message.qos, message.retain)) {
    return;
  }
  outbox_.keep(std::move(message));
}

}  // namespace gpiogw
