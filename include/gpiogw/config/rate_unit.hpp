#pragma once
// A counter's rate unit: how "L/min" or "kW" relates to the counter's pulses and its unit.

#include <string>
#include <string_view>
#include <variant>

namespace gpiogw::config {

// The factor that turns pulses per second into `rate_unit`, for a counter of `per_pulse` units of
// `unit` per pulse; or why it cannot. A rate unit is "<amount>/<s|min|h>" whose amount is the
// counter's unit or converts to it (m³, L, mL, gal, ft³; Wh, kWh, MWh), or a power, "W" or "kW",
// for a counter of energy. An empty unit counts "pulses".
std::variant<double, std::string> rate_scale(double per_pulse, std::string_view unit,
                                             std::string_view rate_unit);

// The decimals `per_pulse` needs to be shown exactly (0.001 -> 3, 2.5 -> 1, 1 -> 0), at most 6.
int decimals_of(double per_pulse);

}  // namespace gpiogw::config
