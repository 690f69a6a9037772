#include "gpiogw/gateway/initial_levels.hpp"

#include <catch2/catch_test_macros.hpp>

using gpiogw::initial_levels;
using gpiogw::config::Initial;
using gpiogw::config::Output;

TEST_CASE("outputs start as configured, restored ones from the state file", "[state]") {
  const std::vector<Output> outputs{{.name = "a", .line = 1U, .initial = Initial::on},
                                    {.name = "b", .line = 2U, .initial = Initial::off},
                                    {.name = "c", .line = 3U, .initial = Initial::restore},
                                    {.name = "d", .line = 4U, .initial = Initial::restore},
                                    {.name = "e", .line = 5U, .initial = Initial::restore}};
  // a's saved state is ignored: it is not "restore". e has no saved state: off.
  CHECK(initial_levels(outputs, {{"a", false}, {"c", true}, {"d", false}}) ==
        std::vector<bool>{true, false, true, false, false});
}

TEST_CASE("at most one output of an interlock group starts on", "[state]") {
  const std::vector<Output> outputs{
      {.name = "up", .line = 1U, .initial = Initial::restore, .interlock = "blinds"},
      {.name = "down", .line = 2U, .initial = Initial::restore, .interlock = "blinds"},
      {.name = "fan", .line = 3U, .initial = Initial::restore}};
  CHECK(initial_levels(outputs, {{"up", true}, {"down", true}, {"fan", true}}) ==
        std::vector<bool>{true, false, true});
}
