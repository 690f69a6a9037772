#include "gpiogw/gateway/topic_router.hpp"

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/payload.hpp"

namespace gpiogw {

void TopicRouter::add_command(std::string topic, CommandHandler handle) {
  subscriptions_.push_back({.filter = topic, .retain_flag = mqtt::RetainFlag::as_published});
  commands_.emplace(std::move(topic), std::move(handle));
}

void TopicRouter::add_commands(std::string filter, Matches matches, CommandHandler handle) {
  subscriptions_.push_back(
      {.filter = std::move(filter), .retain_flag = mqtt::RetainFlag::as_published});
  command_filters_.push_back({.matches = std::move(matches), .handle = std::move(handle)});
}

void TopicRouter::add_state(std::string filter, Matches matches, StateHandler handle) {
  subscriptions_.push_back(
      {.filter = std::move(filter), .retain_flag = mqtt::RetainFlag::replayed_only});
  states_.push_back({.matches = std::move(matches), .handle = std::move(handle)});
}

void TopicRouter::route(const std::string& topic, const std::string& payload, bool retained) const {
  for (const auto& state : states_) {
    if (state.matches(topic)) return state.handle(topic, payload, retained);
  }
  // A retained command would replay at every reconnect and move outputs long after it was meant
  // ("ghost switching"); a retained chat line is old talk. Only live messages count.
  if (retained) {
    log::warning("ignoring retained command on {} ({}): publish commands without the retain flag",
                 printable_excerpt(topic, 256), printable_excerpt(payload));
    return;
  }
  if (const auto found = commands_.find(topic); found != commands_.end()) {
    return found->second(topic, payload);
  }
  for (const auto& filter : command_filters_) {
    if (filter.matches(topic)) return filter.handle(topic, payload);
  }
}

}  // namespace gpiogw
