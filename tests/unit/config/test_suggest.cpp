#include "gpiogw/config/suggest.hpp"

#include <array>
#include <catch2/catch_test_macros.hpp>

using gpiogw::config::closest_match;

namespace {

constexpr std::array<std::string_view, 6> kKeys{"name", "line",     "bias",
                                                "edge", "debounce", "active_low"};

}  // namespace

TEST_CASE("a likely typo gets the closest key", "[config][suggest]") {
  CHECK(closest_match("debounse", kKeys) == "debounce");  // one letter wrong
  CHECK(closest_match("debunce", kKeys) == "debounce");   // one letter missing
  CHECK(closest_match("namee", kKeys) == "name");         // one letter too many
  CHECK(closest_match("nmae", kKeys) == "name");          // two letters swapped
  CHECK(closest_match("Edge", kKeys) == "edge");          // case only
  CHECK(closest_match("activelow", kKeys) == "active_low");
  CHECK(closest_match("active-low", kKeys) == "active_low");
  CHECK(closest_match("dbounse", kKeys) == "debounce");  // two typos in a long word
}

TEST_CASE("no suggestion when nothing is close", "[config][suggest]") {
  CHECK_FALSE(closest_match("sensor", kKeys));
  CHECK_FALSE(closest_match("x", kKeys));   // one letter is not a typo of anything
  CHECK_FALSE(closest_match("nm", kKeys));  // two typos in a short word is too many
  CHECK_FALSE(closest_match("", kKeys));
  CHECK_FALSE(closest_match("name", std::span<const std::string_view>{}));
}

TEST_CASE("the first of equally close candidates wins", "[config][suggest]") {
  constexpr std::array<std::string_view, 2> candidates{"on", "off"};
  CHECK(closest_match("of", candidates) == "on");
  constexpr std::array<std::string_view, 2> reversed{"off", "on"};
  CHECK(closest_match("of", reversed) == "off");
}
