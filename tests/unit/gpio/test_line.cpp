#include <catch2/catch_test_macros.hpp>

#include "gpiogw/base/line.hpp"

using namespace gpiogw::gpio;

TEST_CASE("line values print as the config spells them", "[gpio]") {
  CHECK(to_string(LineId{17u}) == "17");
  CHECK(to_string(LineId{std::string("GPIO17")}) == "GPIO17");
  CHECK(to_string(Direction::input) == "input");
  CHECK(to_string(Direction::output) == "output");
  CHECK(to_string(Bias::as_is) == "as-is");
  CHECK(to_string(Bias::disabled) == "disabled");
  CHECK(to_string(Bias::pull_up) == "pull-up");
  CHECK(to_string(Bias::pull_down) == "pull-down");
  CHECK(to_string(Edge::none) == "none");
  CHECK(to_string(Edge::rising) == "rising");
  CHECK(to_string(Edge::falling) == "falling");
  CHECK(to_string(Edge::both) == "both");
}

TEST_CASE("edge settings select logical edges", "[gpio]") {
  CHECK(edge_matches(Edge::both, true));
  CHECK(edge_matches(Edge::both, false));
  CHECK(edge_matches(Edge::rising, true));
  CHECK_FALSE(edge_matches(Edge::rising, false));
  CHECK(edge_matches(Edge::falling, false));
  CHECK_FALSE(edge_matches(Edge::falling, true));
  CHECK_FALSE(edge_matches(Edge::none, true));
  CHECK_FALSE(edge_matches(Edge::none, false));
}

TEST_CASE("gaps in an edge sequence count the lost events", "[gpio]") {
  CHECK(events_lost(0, 1) == 0);  // the first event of a line
  CHECK(events_lost(0, 4) == 3);  // the first three never arrived
  CHECK(events_lost(7, 8) == 0);
  CHECK(events_lost(7, 10) == 2);
  CHECK(events_lost(7, 7) == 0);  // not a gap (and never sent twice by the kernel)
}
