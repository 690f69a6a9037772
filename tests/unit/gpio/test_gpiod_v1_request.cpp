// libgpiod 1.6 builds only: how a LineSpec becomes a v1 line request.
#include <catch2/catch_test_macros.hpp>

#include "gpiod_v1_request.hpp"

using namespace gpiogw::gpio;

TEST_CASE("v1 requests: outputs with their initial value, inputs with edges and bias", "[gpio]") {
  LineSpec relay{"relay", 17u};
  relay.direction = Direction::output;
  relay.initial = true;
  relay.active_low = true;
  relay.bias = Bias::disabled;
  const auto out = v1::line_request_for(relay, "gpiogw");
  CHECK(out.consumer == "gpiogw");
  CHECK(out.request_type == gpiod::line_request::DIRECTION_OUTPUT);
  CHECK(out.flags ==
        (gpiod::line_request::FLAG_ACTIVE_LOW | gpiod::line_request::FLAG_BIAS_DISABLE));
  CHECK(v1::initial_value(relay) == 1);
  relay.initial = false;
  CHECK(v1::initial_value(relay) == 0);

  LineSpec door{"door", 27u};
  door.edge = Edge::both;
  door.bias = Bias::pull_up;
  door.debounce = std::chrono::milliseconds(20);  // v1 cannot: the gateway debounces
  const auto in = v1::line_request_for(door, "gpiogw");
  CHECK(in.request_type == gpiod::line_request::EVENT_BOTH_EDGES);
  CHECK(in.flags == gpiod::line_request::FLAG_BIAS_PULL_UP);
  CHECK(v1::initial_value(door) == 0);

  door.bias = Bias::pull_down;
  door.edge = Edge::rising;
  CHECK(v1::line_request_for(door, "x").request_type == gpiod::line_request::EVENT_RISING_EDGE);
  CHECK(v1::line_request_for(door, "x").flags == gpiod::line_request::FLAG_BIAS_PULL_DOWN);
  door.edge = Edge::falling;
  door.bias = Bias::as_is;
  CHECK(v1::line_request_for(door, "x").request_type == gpiod::line_request::EVENT_FALLING_EDGE);
  CHECK(v1::line_request_for(door, "x").flags.none());
  door.edge = Edge::none;
  CHECK(v1::line_request_for(door, "x").request_type == gpiod::line_request::DIRECTION_INPUT);
}
