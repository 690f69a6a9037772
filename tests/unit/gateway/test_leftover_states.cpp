// Leftover states through a real TopicRouter: a retained state that names no configured entry is
// cleared; the configured ones, a sensor's own topic included, and live messages are left alone.
#include "gpiogw/gateway/leftover_states.hpp"

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "gpiogw/config/loader.hpp"

namespace {

gpiogw::config::Config house() {
  auto result = gpiogw::config::load_string(R"([gateway]
name = "house"
[[output]]
name = "relay1"
line = 17
[[input]]
name = "door"
line = 27
[[pwm]]
name = "fan"
[[sensor]]
name = "outdoor"
kind = "randint"
topic = "gpiogw/house/sensor/garden"
retain = true
)",
                                            "house.toml");
  REQUIRE(result.config);
  return std::move(*result.config);
}

}  // namespace

TEST_CASE("retained states of entries no longer configured are cleared, nothing else",
          "[leftovers]") {
  const auto config = house();
  const gpiogw::Topics topics(config.gateway.topic_prefix);
  std::vector<std::string> cleared;
  gpiogw::LeftoverStates leftovers(config, topics,
                                   [&](const std::string& topic) { cleared.push_back(topic); });
  gpiogw::TopicRouter router;
  leftovers.add_routes(router);

  for (const char* topic :
       {"gpiogw/house/output/relay1", "gpiogw/house/input/door", "gpiogw/house/pwm/fan",
        "gpiogw/house/sensor/garden"}) {  // the sensor's own topic, under sensor/+
    router.route(topic, "ON", true);
  }
  router.route("gpiogw/house/output/relay2", "ON", false);  // live: not a leftover
  router.route("gpiogw/house/output/relay2", "", true);     // already cleared
  CHECK(cleared.empty());

  for (const char* topic : {"gpiogw/house/output/relay2", "gpiogw/house/input/window",
                            "gpiogw/house/pwm/pump", "gpiogw/house/sensor/outdoor"}) {
    router.route(topic, "42", true);
  }
  CHECK(cleared == std::vector<std::string>{"gpiogw/house/output/relay2",
                                            "gpiogw/house/input/window", "gpiogw/house/pwm/pump",
                                            "gpiogw/house/sensor/outdoor"});
}
