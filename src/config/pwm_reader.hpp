#pragma once
// Reads one [[pwm]] entry; part of the loader.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gpiogw/config/config.hpp"
#include "reader.hpp"

namespace gpiogw::config::detail {

// The longest period the kernel's sysfs takes on every kernel (older ones keep it in 32 bits).
inline constexpr std::uint64_t kMaxPeriodNs = 4'294'967'295;

// "25kHz", "50 Hz", "1.5MHz" -> the period in ns; a number alone is Hz. A message on error.
std::variant<std::uint64_t, std::string> period_of_frequency(std::string_view text);
// "40us", "20ms", "1s", "500ns" -> ns.
std::variant<std::uint64_t, std::string> parse_period(std::string_view text);

Pwm read_pwm(TableReader& reader);
// Two entries on the same chip (as spelled) and channel would fight over it: the later is
// refused.
void check_pwm_channels(const std::vector<Pwm>& pwms, std::vector<TableReader>& readers);

}  // namespace gpiogw::config::detail
