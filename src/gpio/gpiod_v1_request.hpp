#pragma once
// How a LineSpec becomes a libgpiod 1.6 line request: pure, unit-tested without a chip.

#include <gpiod.hpp>

#include <string>

#include "gpiogw/base/line.hpp"

namespace gpiogw::gpio::v1 {

// Direction or edge detection, active-low and bias. libgpiod 1.6 cannot debounce: the gateway
// does it in software.
gpiod::line_request line_request_for(const LineSpec& spec, const std::string& consumer);

// The value the request itself sets (logical: the kernel applies active-low), so an output never
// glitches; 0 for inputs.
int initial_value(const LineSpec& spec);

}  // namespace gpiogw::gpio::v1
