#include "gpiogw/pwm/duty.hpp"

#include <algorithm>
#include <cmath>

#include "gpiogw/base/payload.hpp"

namespace gpiogw::pwm {

std::uint64_t duty_ns(const config::Pwm& pwm, double percent) {
  if (percent <= 0) return 0;
  const double share = (pwm.min + (pwm.max - pwm.min) * std::min(percent, 100.0) / 100.0) / 100.0;
  const auto ns =
      static_cast<std::uint64_t>(std::llround(static_cast<double>(pwm.period_ns) * share));
  return std::min(ns, pwm.period_ns);
}

std::string percent_payload(double percent) {
  return sensor_payload(percent, 2);
}

}  // namespace gpiogw::pwm
