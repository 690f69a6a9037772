#include "gpiogw/gateway/leftover_states.hpp"

#include <array>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/payload.hpp"

namespace gpiogw {
namespace {

// The kinds whose state topic is <prefix>/<kind>/<name>; nothing else subscribes to these levels.
constexpr std::array<std::string_view, 4> kKinds{"output", "input", "pwm", "sensor"};

}  // namespace

LeftoverStates::LeftoverStates(const config::Config& config, const Topics& topics, Clear clear)
    : clear_(std::move(clear)), prefix_(topics.prefix()) {
  for (const auto& output : config.outputs) current_.insert(topics.output_state(output.name));
  for (const auto& input : config.inputs) current_.insert(topics.input_state(input.name));
  for (const auto& pwm : config.pwms) current_.insert(topics.pwm_state(pwm.name));
  for (const auto& sensor : config.sensors) current_.insert(topics.sensor_state(sensor));
}

void LeftoverStates::add_routes(TopicRouter& router) {
  for (const std::string_view kind : kKinds) {
    const std::string level = prefix_ + "/" + std::string(kind) + "/";
    router.add_state(
        level + "+",
        [level](std::string_view topic) {
          return topic.starts_with(level) &&
                 topic.find('/', level.size()) == std::string_view::npos;
        },
        [this](const std::string& topic, const std::string& payload, bool retained) {
          on_state(topic, payload, retained);
        });
  }
}

void LeftoverStates::on_state(const std::string& topic, std::string_view payload, bool retained) {
  // Only a retained state from before can be left over; our own live ones are configured.
  if (!retained || payload.empty() || current_.contains(topic)) return;
  log::info("clearing the retained state {} (no longer in the config)",
            printable_excerpt(topic, 256));
  clear_(topic);
}

}  // namespace gpiogw
