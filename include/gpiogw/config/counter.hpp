#pragma once
// [[counter]]: a pulse counter on an input line (water, gas and electricity meters, flow
// sensors). Part of the validated model (config.hpp); the counting itself is gpiogw/counter.

#include <chrono>
#include <string>
#include <string_view>

#include "gpiogw/base/line.hpp"

namespace gpiogw::config {

// The Home Assistant device classes a meter's total may have (HA's `sensor` device classes that
// allow state_class total_increasing for a meter); none: a plain counter.
enum class MeterClass { none, water, gas, energy };
std::string_view to_string(MeterClass meter);

struct Counter {
  std::string name;
  gpio::LineId line;
  gpio::Bias bias = gpio::Bias::as_is;
  bool active_low = false;
  gpio::Edge edge = gpio::Edge::falling;  // the logical edge that counts
  // A level must hold this long to count (kernel debounce where the chip has it, else in
  // software); zero counts every edge.
  std::chrono::milliseconds debounce{0};
  double per_pulse = 1.0;  // units per pulse
  std::string unit{};      // e.g. "m³"; empty: pulses
  int digits = 0;          // decimals published; default: as many as per_pulse has
  std::chrono::milliseconds interval = std::chrono::seconds(10);  // publish period
  std::string rate_unit{};                                        // empty: no rate
  // Pulses per second -> rate_unit; derived from per_pulse, unit and rate_unit by the loader.
  double rate_scale = 0.0;
  int rate_digits = 2;
  std::chrono::milliseconds rate_timeout = std::chrono::minutes(2);  // no pulse this long: 0
  MeterClass meter = MeterClass::none;  // homeassistant = { device_class = "..." }
  std::string ha_name{};                // homeassistant = { name = "..." }; default: the name
  std::string ha_icon{};                // homeassistant = { icon = "mdi:water" }

  bool operator==(const Counter&) const = default;
};

}  // namespace gpiogw::config
