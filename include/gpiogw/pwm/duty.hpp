#pragma once
// From the percent people speak in to the duty cycle the kernel takes, and how a percent is
// spelled on state topics.

#include <cstdint>
#include <string>

#include "gpiogw/config/config.hpp"

namespace gpiogw::pwm {

// 0 % is always a duty of 0 (off); 0 < p <= 100 maps linearly onto the entry's min..max range (in
// percent of the period), e.g. a fan that stalls below 20 % gets min = 20. Rounded to whole ns.
std::uint64_t duty_ns(const config::Pwm& pwm, double percent);

// "40", "12.5": at most two decimals, no trailing zeros.
std::string percent_payload(double percent);

}  // namespace gpiogw::pwm
