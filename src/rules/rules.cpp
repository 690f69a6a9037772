#include "gpiogw/rules/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <variant>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/names.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/config/suggest.hpp"

namespace gpiogw::rules {
namespace {

using config::Config;
using config::Rule;

// "rule 1: hall_button single", the reason every action of the rule is logged with.
std::string reason(std::size_t index, const Rule& rule) {
  return fmt::format("rule {}: {}", index + 1, rule.when);
}

std::vector<std::string_view> driveable_names(const Config& config) {
  std::vector<std::string_view> names;
  for (const auto& output : config.outputs) names.push_back(output.name);
  for (const auto& pwm : config.pwms) names.push_back(pwm.name);
  for (const auto& counter : config.counters) names.push_back(counter.name);
  return names;
}

// Why the command cannot be a rule's action on this config, if it cannot.
std::optional<std::string> check_action(const chat::Command& command, const Config& config) {
  using chat::Verb;
  if (command.verb != Verb::set && command.verb != Verb::toggle && command.verb != Verb::pulse)
    return "a rule's action must be set, toggle or pulse";
  const auto* output = find_by_name(std::span(config.outputs), command.target,
                                    [](const config::Output& entry) { return entry.name; });
  const auto* pwm = find_by_name(std::span(config.pwms), command.target,
                                 [](const config::Pwm& entry) { return entry.name; });
  const auto* counter = find_by_name(std::span(config.counters), command.target,
                                     [](const config::Counter& entry) { return entry.name; });
  // A counter takes only a new total (set water 0); a total is for a counter only.
  if (counter) {
    return command.verb == Verb::set && !command.total.empty()
               ? std::nullopt
               : std::optional(fmt::format("usage: set {} <total>", counter->name));
  }
  if (chat::is_total_only(command) && (output || pwm))
    return fmt::format("'{}' is not on, off or a percent; a total is for a counter", command.total);
  if (output && command.percent)
    return fmt::format("'{}' is an on/off output; use set {} on|off", output->name, output->name);
  if (pwm && command.verb == Verb::pulse)
    return fmt::format("cannot pulse PWM channel '{}'; use set {} <percent>%", pwm->name,
                       pwm->name);
  if (output || pwm) return std::nullopt;
  if (std::ranges::find(config.inputs, command.target, &config::Input::name) != config.inputs.end())
    return fmt::format("cannot drive input '{}'", command.target);
  const auto names = driveable_names(config);
  const auto match = config::closest_match(command.target, names);
  return fmt::format("unknown output '{}'{}; outputs: {}", command.target,
                     match ? fmt::format(" (did you mean '{}'?)", *match) : "",
                     names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")));
}

// The first rule whose `when` watches the state of `name`, if any.
std::optional<std::size_t> watcher_of(const Config& config, std::string_view name) {
  for (std::size_t i = 0; i < config.rules.size(); ++i) {
    const auto& trigger = config.rules[i].trigger;
    if (!trigger.event && trigger.name == name) return i;
  }
  return std::nullopt;
}

// Why the action could make a rule fire, if it could: rules must never trigger rules.
std::optional<std::string> check_no_loop(const chat::Command& command, const Config& config) {
  const auto* output = find_by_name(std::span(config.outputs), command.target,
                                    [](const config::Output& entry) { return entry.name; });
  if (!output) return std::nullopt;  // PWM channels have no state triggers
  if (const auto watcher = watcher_of(config, output->name)) {
    return fmt::format(
        "'{}' is watched by rule {} ({}); a rule must not change what rules wait for, so that "
        "rules cannot trigger each other",
        output->name, *watcher + 1, config.rules[*watcher].when);
  }
  if (output->interlock.empty()) return std::nullopt;
  for (const auto& partner : config.outputs) {
    if (&partner == output || partner.interlock != output->interlock) continue;
    if (const auto watcher = watcher_of(config, partner.name)) {
      return fmt::format(
          "switching '{}' on turns '{}' off (interlock {}), which rule {} ({}) watches; rules "
          "cannot trigger each other",
          output->name, partner.name, output->interlock, *watcher + 1, config.rules[*watcher].when);
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<config::Diagnostic> check(const Config& config) {
  std::vector<config::Diagnostic> errors;
  for (std::size_t i = 0; i < config.rules.size(); ++i) {
    const Rule& rule = config.rules[i];
    const auto parsed = chat::parse_command(rule.action);
    std::optional<std::string> problem;
    if (const auto* error = std::get_if<chat::ParseError>(&parsed)) {
      problem = error->message;
    } else {
      const auto& command = std::get<chat::Command>(parsed);
      problem = check_action(command, config);
      if (!problem) problem = check_no_loop(command, config);
    }
    if (problem) {
      errors.push_back({.file = config.source.string(),
                        .line = rule.action_line,
                        .column = rule.action_column,
                        .key = fmt::format("rule[{}].do", i),
                        .message = std::move(*problem)});
    }
  }
  return errors;
}

Engine::Engine(const Config& config, const EventLoop& loop, chat::Executor execute,
               std::function<bool()> connected)
    : loop_(loop), execute_(std::move(execute)), connected_(std::move(connected)) {
  for (const Rule& rule : config.rules) {
    // check() accepted every action, so each parses.
    rules_.push_back(
        {.rule = &rule, .command = std::get<chat::Command>(chat::parse_command(rule.action))});
  }
}

void Engine::on_event(std::string_view input, config::ButtonEvent event) {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& trigger = rules_[i].rule->trigger;
    if (trigger.event == event && trigger.name == input) fire(i);
  }
}

void Engine::on_state(std::string_view name, bool on) {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& trigger = rules_[i].rule->trigger;
    if (!trigger.event && trigger.on == on && trigger.name == name) fire(i);
  }
}

void Engine::fire(std::size_t index) {
  auto& armed = rules_[index];
  if (stopped_) return;
  if (armed.rule->only == config::RuleOnly::disconnected && connected_()) return;
  armed.last_fired = loop_.now();
  const auto outcome = execute_(armed.command, reason(index, *armed.rule));
  if (!outcome.ok) log::warning("{}: {}", reason(index, *armed.rule), outcome.text);
}

std::string Engine::listing() const {
  if (rules_.empty()) return "no rules";
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& armed = rules_[i];
    const auto ago =
        armed.last_fired
            ? std::chrono::duration_cast<std::chrono::seconds>(loop_.now() - *armed.last_fired)
            : std::chrono::seconds(0);
    lines.push_back(fmt::format(
        "{}: {} -> {}{}, {}", i + 1, armed.rule->when, armed.rule->action,
        armed.rule->only == config::RuleOnly::disconnected ? " (only disconnected)" : "",
        armed.last_fired ? fmt::format("last fired {} ago", config::format_duration(ago))
                         : std::string("never fired")));
  }
  return fmt::format("{}", fmt::join(lines, "; "));
}

}  // namespace gpiogw::rules
