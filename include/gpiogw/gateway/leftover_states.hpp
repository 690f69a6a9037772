#pragma once
// Clears the retained state topics of entries no longer in the config: an output, input, PWM
// channel or sensor removed (or renamed) leaves its last state retained on the broker, where
// dashboards and HA would keep showing it. The broker's retained messages under <prefix>/output/+,
// input/+, pwm/+ and sensor/+ are the record of what was published before, so nothing is kept on
// disk; one that names no configured entry gets an empty retained payload, which deletes it.
// (Counters are left out: their own subscription to <prefix>/counter/<name> would overlap, and a
// broker may then deliver a total twice to their reconciliation.)

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "gpiogw/config/config.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/gateway/topic_router.hpp"

namespace gpiogw {

class LeftoverStates {
 public:
  using Clear = std::function<void(const std::string& topic)>;  // an empty retained payload

  LeftoverStates(const config::Config& config, const Topics& topics, Clear clear);

  // Subscribes to the state topics of every kind and routes the retained ones to on_state().
  void add_routes(TopicRouter& router);

 private:
  void on_state(const std::string& topic, std::string_view payload, bool retained);

  Clear clear_;
  std::string prefix_;
  std::set<std::string, std::less<>> current_;  // the state topics the config has now
};

}  // namespace gpiogw
