#include "topic_clash.hpp"

#include <fmt/format.h>
#include <string>
#include <string_view>
#include <utility>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/homeassistant_topics.hpp"
#include "gpiogw/config/topics.hpp"

namespace gpiogw::config::detail {
namespace {

// A topic or filter of the gateway, and how a message names it.
struct OwnTopic {
  std::string filter;
  std::string what;
};

std::string_view first_level(std::string_view topic) {
  return topic.substr(0, topic.find('/'));
}

// MQTT's matching of a topic (no wildcards) against a filter with '+' and '#'.
bool matches(std::string_view filter, std::string_view topic) {
  // Wildcards at the first level never match the broker's own $-topics.
  if (topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#'))) return false;
  while (true) {
    const std::string_view level = first_level(filter);
    if (level == "#") return true;
    if (level != "+" && level != first_level(topic)) return false;
    const bool filter_ends = level.size() == filter.size();
    const bool topic_ends = first_level(topic).size() == topic.size();
    if (filter_ends || topic_ends) {
      // "a/#" matches "a" too: the parent level of a multi-level wildcard.
      return filter_ends == topic_ends || (topic_ends && filter.substr(level.size()) == "/#");
    }
    filter.remove_prefix(level.size() + 1);
    topic.remove_prefix(first_level(topic).size() + 1);
  }
}

std::vector<OwnTopic> own_topics(const Config& config, std::string_view sensor_name) {
  const Topics topics(config.gateway.topic_prefix);
  std::vector<OwnTopic> own{
      {topics.status(), "the gateway's status topic"},
      {topics.command(), "the gateway's command topic, which it subscribes to"},
      {topics.command_reply(), "the gateway's command reply topic"},
      {topics.diagnostic("+"), "one of the gateway's diagnostics topics"},
  };
  for (const Output& output : config.outputs) {
    for (const auto& [topic, what] : {std::pair{topics.output_set(output.name), "command topic"},
                                      std::pair{topics.output_pulse(output.name), "pulse topic"}}) {
      own.push_back({topic, fmt::format("the {} of output '{}', which the gateway subscribes to",
                                        what, output.name)});
    }
    own.push_back({topics.output_state(output.name),
                   fmt::format("the state topic of output '{}'", output.name)});
  }
  for (const Input& input : config.inputs) {
    own.push_back(
        {topics.input_state(input.name), fmt::format("the state topic of input '{}'", input.name)});
  }
  for (const Pwm& pwm : config.pwms) {
    own.push_back({topics.pwm_set(pwm.name),
                   fmt::format("the command topic of PWM channel '{}', which the gateway "
                               "subscribes to",
                               pwm.name)});
    own.push_back(
        {topics.pwm_state(pwm.name), fmt::format("the state topic of PWM channel '{}'", pwm.name)});
  }
  for (const Counter& counter : config.counters) {
    own.push_back({topics.counter_set(counter.name),
                   fmt::format("the set topic of counter '{}', which the gateway subscribes to",
                               counter.name)});
    own.push_back({topics.counter(counter.name),
                   fmt::format("the total of counter '{}', which the gateway reads back at a "
                               "connect",
                               counter.name)});
    own.push_back({topics.counter_rate(counter.name),
                   fmt::format("the rate topic of counter '{}'", counter.name)});
    own.push_back({topics.counter_lost(counter.name),
                   fmt::format("the lost-pulses topic of counter '{}'", counter.name)});
  }
  for (const Sensor& sensor : config.sensors) {
    // A sensor may name its own default topic: that is no clash.
    if (sensor.name != sensor_name)
      own.push_back(
          {topics.sensor(sensor.name), fmt::format("the topic of sensor '{}'", sensor.name)});
    own.push_back({topics.sensor_error(sensor.name),
                   fmt::format("the error topic of sensor '{}'", sensor.name)});
  }
  if (config.chat) {
    // Every topic in the room, the gateway's own reply topic included.
    const std::string room = config.chat->room + "/+";  // what ChatRoom subscribes to
    own.push_back(
        {room, fmt::format("in the chat room, which the gateway subscribes to ({})", room)});
  }
  if (config.homeassistant.discovery) {
    const std::string& prefix = config.homeassistant.prefix;
    own.push_back({homeassistant::birth_topic(prefix),
                   "Home Assistant's status topic, which the gateway subscribes to"});
    // The node id comes from the machine id at start: any node's config topics are off limits.
    own.push_back(
        {homeassistant::config_filter(prefix, "+"),
         "a Home Assistant discovery topic, which the gateway publishes and subscribes to"});
  }
  return own;
}

}  // namespace

void check_sensor_topics(const Config& config, std::vector<TableReader>& readers) {
  for (std::size_t i = 0; i < config.sensors.size() && i < readers.size(); ++i) {
    const Sensor& sensor = config.sensors[i];
    if (sensor.topic.empty()) continue;
    for (const OwnTopic& own : own_topics(config, sensor.name)) {
      if (!matches(own.filter, sensor.topic)) continue;
      readers[i].error("topic", fmt::format("{} is {}; give the sensor a topic of its own",
                                            printable_excerpt(sensor.topic), own.what));
      break;
    }
  }
}

}  // namespace gpiogw::config::detail
