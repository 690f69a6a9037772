#include "gpiogw/gateway/command_executor.hpp"

#include <fmt/format.h>

#include <vector>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/pwm/duty.hpp"
#include "gpiogw/version.hpp"

namespace gpiogw {
namespace {

std::string count(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string join_or_none(const std::vector<std::string>& items) {
  return items.empty() ? "none" : fmt::format("{}", fmt::join(items, ", "));
}

template <typename Entries>
void add_names(std::vector<std::string>& names, const Entries& entries) {
  for (const auto& entry : entries) names.push_back(entry.name);
}

}  // namespace

std::string format_uptime(std::chrono::seconds uptime) {
  const auto total = uptime.count();
  const std::array<std::pair<long long, char>, 4> units{
      {{total / 86400, 'd'}, {total / 3600 % 24, 'h'}, {total / 60 % 60, 'm'}, {total % 60, 's'}}};
  std::vector<std::string> parts;
  for (const auto& [value, unit] : units) {
    if (value != 0 || !parts.empty()) parts.push_back(fmt::format("{}{}", value, unit));
  }
  return parts.empty() ? "0s" : fmt::format("{}", fmt::join(parts, " "));
}

CommandExecutor::CommandExecutor(const config::Config& config, const EventLoop& loop,
                                 Outputs& outputs, const Inputs& inputs, pwm::PwmOutputs& pwms,
                                 Counters& counters, const SensorPublisher& sensors,
                                 std::function<bool()> connected, const rules::Engine* rules)
    : config_(config),
      loop_(loop),
      outputs_(outputs),
      inputs_(inputs),
      pwms_(pwms),
      counters_(counters),
      sensors_(sensors),
      connected_(std::move(connected)),
      rules_(rules),
      started_(loop.now()) {}

chat::Outcome CommandExecutor::execute(const chat::Command& command, std::string_view who) {
  using chat::Verb;
  switch (command.verb) {
    case Verb::help:
      return {true, fmt::format("commands: {}", chat::command_summary())};
    case Verb::status:
      return status();
    case Verb::list:
      return list();
    case Verb::get:
      return get(command.target);
    case Verb::set:
      if (auto* counter = counters_.find(command.target)) {
        if (command.total.empty())
          return {false, fmt::format("usage: set {} <total>", counter->logic.config().name)};
        return counters_.set(*counter, command.total, who);
      }
      // A number is a counter's total: it must not drive an output (off) by mistake.
      if (chat::is_total_only(command)) {
        std::vector<std::string> counters;
        add_names(counters, config_.counters);
        return {false, fmt::format("'{}' is not on, off or a percent; a total is for a counter, "
                                   "and '{}' is none; counters: {}",
                                   command.total, command.target, join_or_none(counters))};
      }
      return on_output(command, who);
    case Verb::toggle:
    case Verb::pulse:
      return on_output(command, who);
    case Verb::read:
      return read(command.target);
    case Verb::rules:
      return {true, rules_ ? rules_->listing() : "no rules"};
  }
  return {false, "unknown command"};
}

chat::Outcome CommandExecutor::status() const {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(loop_.now() - started_);
  return {true,
          fmt::format(
              "gpiogw {} '{}', up {}, broker {} ({}), {}, {}, {}{}", kVersion, config_.gateway.name,
              format_uptime(uptime), fmt::join(config_.mqtt.uris, " or "),
              connected_() ? "connected" : "disconnected", count(config_.outputs.size(), "output"),
              count(config_.inputs.size(), "input"), count(config_.sensors.size(), "sensor"),
              config_.pwms.empty() ? "" : ", " + count(config_.pwms.size(), "PWM channel"))};
}

chat::Outcome CommandExecutor::list() const {
  std::vector<std::string> outputs;
  for (const auto& output : outputs_.all()) {
    outputs.push_back(
        fmt::format("{} {}", output.config->name, state_payload(outputs_.level(output))));
  }
  std::vector<std::string> inputs;
  for (const auto& input : inputs_.all()) {
    inputs.push_back(fmt::format("{} {}", input.config->name, state_payload(Inputs::level(input))));
  }
  std::vector<std::string> sensors;
  for (const auto& name : sensors_.names()) {
    const auto sensor = sensors_.latest(name);
    sensors.push_back(fmt::format("{} {}", name, sensor->value.empty() ? "-" : sensor->value));
  }
  std::string pwms;  // only when there are any, so that a list without reads as before
  for (const auto& pwm : pwms_.all()) {
    pwms += fmt::format("{}{} {}%", pwms.empty() ? "; pwm: " : ", ", pwm.config->name,
                        pwm::percent_payload(pwm.percent));
  }
  std::string counters;  // the same
  for (const auto& counter : counters_.all()) {
    counters +=
        fmt::format("{}{}", counters.empty() ? "; counters: " : ", ", counters_.describe(counter));
  }
  return {true, fmt::format("outputs: {}; inputs: {}; sensors: {}{}{}", join_or_none(outputs),
                            join_or_none(inputs), join_or_none(sensors), pwms, counters)};
}

chat::Outcome CommandExecutor::get(std::string_view name) const {
  if (auto* output = outputs_.find(name)) {
    return {true,
            fmt::format("{} {}", output->config->name, state_payload(outputs_.level(*output)))};
  }
  if (const auto* input = inputs_.find(name)) {
    return {true, fmt::format("{} {}", input->config->name, state_payload(Inputs::level(*input)))};
  }
  if (const auto* pwm = pwms_.find(name)) {
    return {true, fmt::format("{} {}%", pwm->config->name, pwm::percent_payload(pwm->percent))};
  }
  if (const auto* counter = counters_.find(name)) return {true, counters_.describe(*counter)};
  std::vector<std::string> names;
  add_names(names, config_.outputs);
  add_names(names, config_.inputs);
  add_names(names, config_.pwms);
  add_names(names, config_.counters);
  return {false, fmt::format("unknown name '{}'; names: {}", name, join_or_none(names))};
}

chat::Outcome CommandExecutor::read(std::string_view name) const {
  if (const auto* counter = counters_.find(name)) return {true, counters_.describe(*counter)};
  const auto sensor = sensors_.latest(name);
  if (!sensor) {
    std::vector<std::string> counters;
    add_names(counters, config_.counters);
    return {false,
            fmt::format("unknown sensor '{}'; sensors: {}{}", name, join_or_none(sensors_.names()),
                        counters.empty() ? "" : "; counters: " + join_or_none(counters))};
  }
  if (!sensor->failure.empty()) {
    return {
        false,
        fmt::format("{} cannot be read: {}{}", sensor->name, sensor->failure,
                    sensor->value.empty() ? "" : fmt::format(" (last reading {})", sensor->value))};
  }
  if (sensor->value.empty()) return {false, fmt::format("{}: no reading yet", sensor->name)};
  return {true, fmt::format("{} {}", sensor->name, sensor->value)};
}

std::string CommandExecutor::output_names() const {
  std::vector<std::string> names;
  add_names(names, config_.outputs);
  add_names(names, config_.pwms);
  return join_or_none(names);
}

chat::Outcome CommandExecutor::on_pwm(pwm::PwmOutputs::Pwm& pwm, const chat::Command& command,
                                      std::string_view who) {
  switch (command.verb) {
    case chat::Verb::set:
      if (command.percent) {
        pwms_.set(pwm, *command.percent, who);
      } else {
        pwms_.switch_to(pwm, command.on ? SwitchCommand::on : SwitchCommand::off, who);
      }
      break;
    case chat::Verb::toggle:
      pwms_.switch_to(pwm, SwitchCommand::toggle, who);
      break;
    default:
      return {false, fmt::format("cannot pulse PWM channel '{}'; use set {} <percent>%",
                                 pwm.config->name, pwm.config->name)};
  }
  return {true, fmt::format("{} {}%", pwm.config->name, pwm::percent_payload(pwm.percent))};
}

chat::Outcome CommandExecutor::on_output(const chat::Command& command, std::string_view who) {
  if (auto* pwm = pwms_.find(command.target)) return on_pwm(*pwm, command, who);
  auto* output = outputs_.find(command.target);
  if (command.percent && output) {
    return {false, fmt::format("'{}' is an on/off output; use set {} on|off", output->config->name,
                               output->config->name)};
  }
  if (!output) {
    const bool is_input = inputs_.find(command.target) != nullptr;
    return {false,
            fmt::format("{} '{}'; outputs: {}", is_input ? "cannot drive input" : "unknown output",
                        command.target, output_names())};
  }
  switch (command.verb) {
    case chat::Verb::set:
      outputs_.drive(*output, command.on, who);
      break;
    case chat::Verb::toggle:
      outputs_.toggle(*output, who);
      break;
    default:
      outputs_.pulse(*output, command.duration, who);
      break;
  }
  const bool level = outputs_.level(*output);
  if (command.verb == chat::Verb::pulse && level) {
    return {true, fmt::format("{} ON for {}", output->config->name,
                              config::format_duration(command.duration))};
  }
  return {true, fmt::format("{} {}", output->config->name, state_payload(level))};
}

}  // namespace gpiogw
