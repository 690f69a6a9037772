#pragma once
// Short ways to write the LineSpecs the gpio tests request.

#include <string>
#include <utility>

#include "gpiogw/base/line.hpp"

namespace gpiogw::test {

inline gpio::LineSpec output(std::string name, gpio::LineId line, bool initial = false,
                             bool active_low = false) {
  gpio::LineSpec spec{std::move(name), std::move(line)};
  spec.direction = gpio::Direction::output;
  spec.initial = initial;
  spec.active_low = active_low;
  return spec;
}

inline gpio::LineSpec input(std::string name, gpio::LineId line, gpio::Edge edge,
                            gpio::Bias bias = gpio::Bias::as_is, bool active_low = false) {
  gpio::LineSpec spec{std::move(name), std::move(line)};
  spec.edge = edge;
  spec.bias = bias;
  spec.active_low = active_low;
  return spec;
}

}  // namespace gpiogw::test
