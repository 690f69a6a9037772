// libgpiod 2.x builds only: how LineSpecs become one v2 request per chip.
#include <catch2/catch_test_macros.hpp>

#include <vector>

#include "gpiod_v2_request.hpp"

using namespace gpiogw::gpio;
using namespace std::chrono_literals;
namespace line = gpiod::line;

TEST_CASE("v2 requests: per-line settings, initial values and kernel debounce", "[gpio]") {
  LineSpec relay{"relay", 17u};
  relay.direction = Direction::output;
  relay.initial = true;
  relay.active_low = true;
  LineSpec lamp{"lamp", 5u};
  lamp.direction = Direction::output;
  LineSpec door{"door", 27u};
  door.edge = Edge::both;
  door.bias = Bias::pull_up;
  door.debounce = 20ms;
  LineSpec button{"button", 3u};
  button.edge = Edge::falling;
  button.bias = Bias::pull_down;
  LineSpec other_chip{"far", 1u};
  const std::vector<LineSpec> specs{relay, lamp, door, button, other_chip};
  const std::vector<LineLocation> locations{{0, 17}, {0, 5}, {0, 27}, {0, 3}, {1, 1}};

  const auto groups = group_by_chip(locations);
  REQUIRE(groups.size() == 2);
  const auto settings = v2::line_config_for(specs, locations, groups[0]).get_line_settings();
  REQUIRE(settings.size() == 4);  // the other chip's line is in its own request

  const auto& r = settings.at(17);
  CHECK(r.direction() == line::direction::OUTPUT);
  CHECK(r.output_value() == line::value::ACTIVE);  // logical: the kernel applies active-low
  CHECK(r.active_low());
  CHECK(r.bias() == line::bias::AS_IS);
  CHECK(r.edge_detection() == line::edge::NONE);

  const auto& l = settings.at(5);
  CHECK(l.output_value() == line::value::INACTIVE);
  CHECK_FALSE(l.active_low());

  const auto& d = settings.at(27);
  CHECK(d.direction() == line::direction::INPUT);
  CHECK(d.edge_detection() == line::edge::BOTH);
  CHECK(d.bias() == line::bias::PULL_UP);
  CHECK(d.debounce_period() == 20000us);

  const auto& b = settings.at(3);
  CHECK(b.edge_detection() == line::edge::FALLING);
  CHECK(b.bias() == line::bias::PULL_DOWN);
  CHECK(b.debounce_period() == 0us);

  const auto far = v2::line_config_for(specs, locations, groups[1]).get_line_settings();
  REQUIRE(far.size() == 1);
  CHECK(far.begin()->first == 1);
  CHECK(far.begin()->second.direction() == line::direction::INPUT);
}

TEST_CASE("v2 requests: every bias and edge setting maps", "[gpio]") {
  LineSpec spec{"x", 0u};
  spec.bias = Bias::disabled;
  spec.edge = Edge::rising;
  auto settings = v2::line_settings_for(spec);
  CHECK(settings.bias() == line::bias::DISABLED);
  CHECK(settings.edge_detection() == line::edge::RISING);
  spec.edge = Edge::none;
  CHECK(v2::line_settings_for(spec).edge_detection() == line::edge::NONE);
}
