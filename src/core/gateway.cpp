#include "gpiogw/core/gateway.hpp"

#include <csignal>

#include "gpiogw/config/duration.hpp"
#include "gpiogw/core/log.hpp"
#include "gpiogw/core/payload.hpp"

namespace gpiogw {
namespace {

constexpr std::string_view kOnline = "online";
constexpr std::string_view kOffline = "offline";
constexpr auto kDisconnectTimeout = std::chrono::milliseconds(500);

std::vector<gpio::LineSpec> line_specs(const config::Config& config) {
  std::vector<gpio::LineSpec> specs;
  for (const auto& output : config.outputs) {
    specs.push_back({.name = output.name,
                     .line = output.line,
                     .direction = gpio::Direction::output,
                     .active_low = output.active_low,
                     .initial = output.initial == config::Initial::on});
  }
  for (const auto& input : config.inputs) {
    specs.push_back({.name = input.name,
                     .line = input.line,
                     .direction = gpio::Direction::input,
                     .active_low = input.active_low,
                     .bias = input.bias,
                     .edge = input.edge});
  }
  return specs;
}

}  // namespace

Gateway::Gateway(const config::Config& config, gpio::Backend& gpio, EventLoop& loop,
                 const ClientFactory& make_client)
    : config_(config),
      gpio_(gpio),
      loop_(loop),
      topics_(config.gateway.topic_prefix),
      reconnect_backoff_(std::chrono::seconds(1), std::chrono::seconds(30)),
      reconnect_timer_(loop.make_timer([this] { client_->connect(); })) {
  const auto specs = line_specs(config);
  gpio_.request(specs);

  std::size_t line = 0;
  for (const auto& output : config.outputs) {
    outputs_.push_back({.config = &output,
                        .line = line,
                        .state_topic = topics_.output_state(output.name),
                        .max_on_timer = {}});
    log::info("output '{}' on {}, initially {}", output.name, gpio_.describe(line),
              state_payload(gpio_.get(line)));
    ++line;
  }
  for (const auto& input : config.inputs) {
    const bool level = gpio_.get(line);
    inputs_.push_back({.config = &input,
                       .line = line,
                       .state_topic = topics_.input_state(input.name),
                       .debouncer = gpio::Debouncer(input.debounce, level),
                       .settle_timer = {}});
    log::info("input '{}' on {}, now {}", input.name, gpio_.describe(line), state_payload(level));
    ++line;
  }
  // Timers capture element addresses, so they are made once the vectors stop growing.
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    output_by_set_topic_.emplace(topics_.output_set(outputs_[i].config->name), i);
    outputs_[i].max_on_timer = loop_.make_timer([this, i] {
      auto& output = outputs_[i];
      drive_output(
          output, false,
          fmt::format("max_on {} reached", config::format_duration(*output.config->max_on)));
    });
  }
  for (auto& input : inputs_) {
    input.settle_timer = loop_.make_timer([this, &input] { settle(input); });
  }
  if (gpio_.event_fd() >= 0) {
    edge_source_ = loop_.watch_readable(gpio_.event_fd(), [this] { read_edges(); });
  }
  client_ = make_client(*this);
}

Gateway::~Gateway() = default;

void Gateway::start() {
  for (const int signal_number : {SIGINT, SIGTERM}) {
    signal_sources_.push_back(loop_.on_signal(signal_number, [this, signal_number] {
      stop(signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    }));
  }
  log::info("connecting to {} as '{}'", config_.mqtt.uri, config_.mqtt.client_id);
  client_->connect();
}

void Gateway::stop(std::string_view why) {
  log::info("stopping ({})", why);
  reconnect_timer_.cancel();
  if (client_->connected()) {
    client_->publish(topics_.status(), kOffline, config_.mqtt.qos, true);
    client_->disconnect(kDisconnectTimeout);
  }
  loop_.exit(0);
}

void Gateway::on_connected() {
  log::info("connected to {}", config_.mqtt.uri);
  reconnect_backoff_.reset();
  const int qos = config_.mqtt.qos;
  for (const auto& [topic, index] : output_by_set_topic_) client_->subscribe(topic, qos);
  client_->publish(topics_.status(), kOnline, qos, true);
  for (const auto& output : outputs_) publish_output(output);
  for (const auto& input : inputs_) publish_input(input, input.debouncer.published_level());
}

void Gateway::on_connect_failed(const std::string& reason) {
  const auto delay = reconnect_backoff_.next();
  log::warning("cannot connect to {}: {}; retrying in {}", config_.mqtt.uri, reason,
               config::format_duration(delay));
  reconnect_timer_.arm_after(delay);
}

void Gateway::on_connection_lost(const std::string& reason) {
  const auto delay = reconnect_backoff_.next();
  log::warning("lost the connection to {}: {}; reconnecting in {}", config_.mqtt.uri, reason,
               config::format_duration(delay));
  reconnect_timer_.arm_after(delay);
}

void Gateway::on_message(const std::string& topic, const std::string& payload, bool retained) {
  const auto found = output_by_set_topic_.find(topic);
  if (found == output_by_set_topic_.end()) return;
  auto& output = outputs_[found->second];
  // A retained command would replay at every reconnect and move the output long after it was
  // meant ("ghost switching"), so only live commands count.
  if (retained) {
    log::warning("ignoring retained command on {} ({}): publish commands without the retain flag",
                 topic, printable_excerpt(payload));
    return;
  }
  const auto command = parse_switch_command(payload);
  if (!command) {
    log::warning("ignoring {}: payload {} is not one of ON, OFF, TOGGLE, 1, 0, true, false", topic,
                 printable_excerpt(payload));
    return;
  }
  const bool active =
      *command == SwitchCommand::toggle ? !gpio_.get(output.line) : *command == SwitchCommand::on;
  drive_output(output, active, "command");
}

void Gateway::drive_output(Output& output, bool active, std::string_view reason) {
  try {
    gpio_.set(output.line, active);
  } catch (const gpio::GpioError& error) {
    log::error("output '{}': {}", output.config->name, error.what());
  }
  const bool now = gpio_.get(output.line);
  log::info("output '{}' {} ({})", output.config->name, state_payload(now), reason);
  if (now && output.config->max_on) {
    if (!output.max_on_timer.armed()) output.max_on_timer.arm_after(*output.config->max_on);
  } else {
    output.max_on_timer.cancel();
  }
  publish_output(output);
}

void Gateway::publish_output(const Output& output) {
  client_->publish(output.state_topic, state_payload(gpio_.get(output.line)), config_.mqtt.qos,
                   true);
}

void Gateway::publish_input(const Input& input, bool level) {
  client_->publish(input.state_topic, state_payload(level), config_.mqtt.qos, true);
}

void Gateway::read_edges() {
  const auto now = gpio::Debouncer::Clock::now();
  for (const auto& event : gpio_.read_events()) {
    if (event.index < outputs_.size()) continue;
    auto& input = inputs_[event.index - outputs_.size()];
    input.settle_timer.arm_after(input.debouncer.on_edge(now) - now);
  }
}

void Gateway::settle(Input& input) {
  const auto level =
      input.debouncer.on_sample(gpio::Debouncer::Clock::now(), gpio_.get(input.line));
  if (!level) return;
  log::info("input '{}' {}", input.config->name, state_payload(*level));
  publish_input(input, *level);
}

}  // namespace gpiogw
