#include "button_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/base/text.hpp"
#include "gpiogw/config/suggest.hpp"

namespace gpiogw::config::detail {
namespace {

constexpr std::array kButtonEvents{ButtonEvent::single, ButtonEvent::double_press,
                                   ButtonEvent::long_press};
constexpr std::array kRuleOnly{RuleOnly::always, RuleOnly::disconnected};
constexpr std::string_view kWhenForms =
    R"(expected "<input> <event>" or "<input or output> ON|OFF", e.g. "hall_button single")";

std::vector<std::string_view> event_names() {
  std::vector<std::string_view> names;
  for (ButtonEvent event : kButtonEvents) names.push_back(to_string(event));
  return names;
}

std::optional<ButtonEvent> find_event(std::string_view word) {
  for (ButtonEvent event : kButtonEvents) {
    if (to_string(event) == word) return event;
  }
  return std::nullopt;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  const auto match = closest_match(word, candidates);
  return match ? fmt::format(" (did you mean '{}'?)", *match) : "";
}

const Input* find_input(const Config& config, std::string_view name) {
  const auto found = std::ranges::find(config.inputs, name, &Input::name);
  return found == config.inputs.end() ? nullptr : &*found;
}

bool is_output(const Config& config, std::string_view name) {
  return std::ranges::find(config.outputs, name, &Output::name) != config.outputs.end();
}

// "hall_button single" or "door ON"; a message when it names nothing that exists.
std::variant<RuleTrigger, std::string> parse_trigger(std::string_view when, const Config& config) {
  const auto words = split_words(when);
  if (words.size() != 2) return std::string(kWhenForms);
  const std::string name(words[0]);
  const Input* input = find_input(config, name);
  if (!input && !is_output(config, name)) {
    std::vector<std::string_view> names;
    for (const auto& entry : config.inputs) names.push_back(entry.name);
    for (const auto& entry : config.outputs) names.push_back(entry.name);
    return fmt::format("unknown input or output '{}'{}", name, did_you_mean(name, names));
  }
  const bool on = equal_ignoring_case(words[1], "ON");
  if (on || equal_ignoring_case(words[1], "OFF"))
    return RuleTrigger{.name = name, .event = std::nullopt, .on = on};
  if (!input)
    return fmt::format("'{}' is an output: a rule can wait for its state (ON or OFF), not '{}'",
                       name, words[1]);
  const auto event = find_event(words[1]);
  if (!event) {
    const auto names = event_names();
    return fmt::format("unknown event '{}'; expected ON, OFF or one of: {}{}", words[1],
                       fmt::join(names, ", "), did_you_mean(words[1], names));
  }
  if (std::ranges::find(input->events, *event) == input->events.end())
    return fmt::format("input '{}' does not detect '{}'; add it to the input's events", name,
                       words[1]);
  return RuleTrigger{.name = name, .event = event, .on = false};
}

}  // namespace

void read_button(TableReader& reader, Input& input) {
  if (auto events = reader.strings("events")) {
    const auto names = event_names();
    for (const auto& word : *events) {
      const auto event = find_event(word);
      if (!event) {
        reader.error("events",
                     fmt::format("unknown event {}; expected one of: {}{}", printable_excerpt(word),
                                 fmt::join(names, ", "), did_you_mean(word, names)));
      } else if (std::ranges::find(input.events, *event) != input.events.end()) {
        reader.error("events", fmt::format("'{}' is listed twice", word));
      } else {
        input.events.push_back(*event);
      }
    }
    // A gesture is timed from the press to the release: both edges must be seen.
    if (!input.events.empty() && input.edge != gpio::Edge::both)
      reader.error("events", R"(need edge = "both": a gesture is timed from press to release)");
  }
  if (auto window = reader.duration("double_click")) {
    if (*window <= Duration::zero()) reader.error("double_click", "must be greater than 0");
    input.double_click = *window;
  }
  if (auto hold = reader.duration("long_press")) {
    if (*hold <= Duration::zero()) reader.error("long_press", "must be greater than 0");
    input.long_press = *hold;
  }
}

Rule read_rule(TableReader& reader, const Config& config) {
  Rule rule;
  reader.require("when");
  if (auto when = reader.string("when")) {
    auto trigger = parse_trigger(*when, config);
    if (auto* problem = std::get_if<std::string>(&trigger)) {
      reader.error("when", std::move(*problem));
    } else {
      rule.trigger = std::get<RuleTrigger>(std::move(trigger));
    }
    rule.when = std::string(trim(*when));
  }
  reader.require("do");
  if (auto action = reader.string("do")) {
    const auto where = reader.get("do")->source().begin;
    rule.action = std::move(*action);
    rule.action_line = where.line;
    rule.action_column = where.column;
  }
  if (auto only = reader.choice<RuleOnly>("only", kRuleOnly)) rule.only = *only;
  reader.report_unknown_keys();
  return rule;
}

}  // namespace gpiogw::config::detail
