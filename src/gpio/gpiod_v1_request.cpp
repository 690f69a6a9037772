#include "gpiod_v1_request.hpp"

namespace gpiogw::gpio::v1 {
namespace {

int request_type(const LineSpec& spec) {
  if (spec.direction == Direction::output) return gpiod::line_request::DIRECTION_OUTPUT;
  switch (spec.edge) {
    case Edge::none:
      return gpiod::line_request::DIRECTION_INPUT;
    case Edge::rising:
      return gpiod::line_request::EVENT_RISING_EDGE;
    case Edge::falling:
      return gpiod::line_request::EVENT_FALLING_EDGE;
    case Edge::both:
      return gpiod::line_request::EVENT_BOTH_EDGES;
  }
  return gpiod::line_request::DIRECTION_INPUT;
}

std::bitset<32> request_flags(const LineSpec& spec) {
  std::bitset<32> flags;
  if (spec.active_low) flags |= gpiod::line_request::FLAG_ACTIVE_LOW;
  switch (spec.bias) {
    case Bias::as_is:
      break;
    case Bias::disabled:
      flags |= gpiod::line_request::FLAG_BIAS_DISABLE;
      break;
    case Bias::pull_up:
      flags |= gpiod::line_request::FLAG_BIAS_PULL_UP;
      break;
    case Bias::pull_down:
      flags |= gpiod::line_request::FLAG_BIAS_PULL_DOWN;
      break;
  }
  return flags;
}

}  // namespace

gpiod::line_request line_request_for(const LineSpec& spec, const std::string& consumer) {
  return {consumer, request_type(spec), request_flags(spec)};
}

int initial_value(const LineSpec& spec) {
  return spec.direction == Direction::output && spec.initial ? 1 : 0;
}

}  // namespace gpiogw::gpio::v1
