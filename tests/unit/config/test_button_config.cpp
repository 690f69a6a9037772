// An input's button gestures and the [[rule]] entries: defaults, triggers, and every bad one
// refused at its file:line:col.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <string>

#include "gpiogw/config/loader.hpp"
#include "gpiogw/config/summary.hpp"

using namespace std::chrono_literals;
using namespace gpiogw::config;
using Catch::Matchers::ContainsSubstring;

namespace {

constexpr std::string_view kLines = R"(
[gateway]
name = "house"
[[output]]
name = "hall_light"
line = 17
[[input]]
name = "hall_button"
line = 5
events = ["single", "double", "long"]
double_click = "250ms"
long_press = "1s"
[[input]]
name = "door"
line = 27
)";

// The one error of `rules` appended to kLines, as printed.
std::string only_error(std::string_view rules) {
  const auto result = load_string(std::string(kLines) + std::string(rules), "house.toml");
  REQUIRE(result.errors.size() == 1);
  return result.errors[0].to_string();
}

}  // namespace

TEST_CASE("button events and rules are read with their defaults", "[config][rules]") {
  const auto result = load_string(std::string(kLines) + R"(
[[rule]]
when = "hall_button single"
do = "toggle hall_light"
[[rule]]
when = " door  on "
do = "set hall_light on"
only = "disconnected"
)",
                                  "house.toml");
  for (const auto& error : result.errors) UNSCOPED_INFO(error.to_string());
  REQUIRE(result.config);
  const auto& config = *result.config;
  CHECK(config.inputs[0].events ==
        std::vector{ButtonEvent::single, ButtonEvent::double_press, ButtonEvent::long_press});
  CHECK(config.inputs[0].double_click == 250ms);
  CHECK(config.inputs[0].long_press == 1s);
  CHECK(config.inputs[1].events.empty());
  CHECK(config.inputs[1].double_click == 300ms);
  CHECK(config.inputs[1].long_press == 800ms);
  REQUIRE(config.rules.size() == 2);
  CHECK(config.rules[0].trigger ==
        RuleTrigger{.name = "hall_button", .event = ButtonEvent::single, .on = false});
  CHECK(config.rules[0].action == "toggle hall_light");
  CHECK(config.rules[0].action_line == 19);
  CHECK(config.rules[0].action_column == 6);
  CHECK(config.rules[0].only == RuleOnly::always);
  CHECK(config.rules[1].when == "door  on");
  CHECK(config.rules[1].trigger == RuleTrigger{.name = "door", .event = {}, .on = true});
  CHECK(config.rules[1].only == RuleOnly::disconnected);
  const auto summary = summarize(config);
  CHECK_THAT(summary, ContainsSubstring("single, double, long"));
  CHECK_THAT(summary, ContainsSubstring("hall_button single -> toggle hall_light"));
  CHECK_THAT(summary, ContainsSubstring("door  on -> set hall_light on (only disconnected)"));
}

TEST_CASE("bad button keys are refused with what is wrong", "[config][rules]") {
  const auto result = load_string(R"([[input]]
name = "b"
line = 5
events = ["singel", "long", "long"]
double_click = "0ms"
)",
                                  "b.toml");
  REQUIRE(result.errors.size() == 3);
  CHECK(result.errors[0].to_string() ==
        "b.toml:4:10: input[0].events: unknown event \"singel\"; expected one of: single, "
        "double, long (did you mean 'single'?)");
  CHECK(result.errors[1].to_string() == "b.toml:4:10: input[0].events: 'long' is listed twice");
  CHECK(result.errors[2].to_string() ==
        "b.toml:5:16: input[0].double_click: must be greater than 0");
}

TEST_CASE("button events need both edges", "[config][rules]") {
  const auto result = load_string(R"([[input]]
name = "b"
line = 5
edge = "falling"
events = ["single"]
)",
                                  "b.toml");
  REQUIRE(result.errors.size() == 1);
  CHECK(
      result.errors[0].to_string() ==
      R"(b.toml:5:10: input[0].events: need edge = "both": a gesture is timed from press to release)");
}

TEST_CASE("a rule's when must name a known input or output and a detected event",
          "[config][rules]") {
  CHECK(only_error("[[rule]]\nwhen = \"hal_button single\"\ndo = \"toggle hall_light\"\n") ==
        "house.toml:17:8: rule[0].when: unknown input or output 'hal_button' (did you mean "
        "'hall_button'?)");
  CHECK(only_error("[[rule]]\nwhen = \"hall_button singel\"\ndo = \"toggle hall_light\"\n") ==
        "house.toml:17:8: rule[0].when: unknown event 'singel'; expected ON, OFF or one of: "
        "single, double, long (did you mean 'single'?)");
  CHECK(only_error("[[rule]]\nwhen = \"door single\"\ndo = \"toggle hall_light\"\n") ==
        "house.toml:17:8: rule[0].when: input 'door' does not detect 'single'; add it to the "
        "input's events");
  CHECK(only_error("[[rule]]\nwhen = \"hall_light single\"\ndo = \"toggle hall_light\"\n") ==
        "house.toml:17:8: rule[0].when: 'hall_light' is an output: a rule can wait for its "
        "state (ON or OFF), not 'single'");
  CHECK_THAT(only_error("[[rule]]\nwhen = \"hall_button\"\ndo = \"toggle hall_light\"\n"),
             ContainsSubstring(R"(expected "<input> <event>" or "<input or output> ON|OFF")"));
  CHECK(only_error("[[rule]]\nwhen = \"door ON\"\n") ==
        "house.toml:16:1: rule[0]: missing required key 'do'");
  CHECK(only_error(
            "[[rule]]\nwhen = \"door ON\"\ndo = \"toggle hall_light\"\nonly = \"offline\"\n") ==
        "house.toml:19:8: rule[0].only: unknown value \"offline\"; expected one of: always, "
        "disconnected");
}
