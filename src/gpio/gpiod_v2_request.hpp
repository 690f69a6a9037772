#pragma once
// How LineSpecs become a libgpiod 2.x request: pure, unit-tested without a chip.

#include <gpiod.hpp>

#include <span>

#include "gpiogw/base/line.hpp"
#include "gpiogw/gpio/line_lookup.hpp"

namespace gpiogw::gpio::v2 {

// Direction, active-low and bias; for an input its edges and kernel debounce, for an output its
// initial (logical) value, set by the request itself so the output never glitches.
gpiod::line_settings line_settings_for(const LineSpec& spec);

// The config of one request for all lines of `chip`: each line's own settings on its offset.
gpiod::line_config line_config_for(std::span<const LineSpec> specs,
                                   std::span<const LineLocation> locations, const ChipLines& chip);

}  // namespace gpiogw::gpio::v2
