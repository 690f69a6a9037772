#pragma once
// One PWM channel as the kernel's sysfs shows it (Documentation/ABI/testing/sysfs-class-pwm):
// the attributes "period" and "duty_cycle" (ns), "polarity" ("normal" | "inversed") and
// "enable" ("0" | "1"). The sysfs channel writes the real files; the mock keeps them in memory
// with the same rules. What order to write them in is Device's job (device.hpp).

#include <stdexcept>
#include <string>
#include <string_view>

namespace gpiogw::pwm {

// Says which chip, channel or file failed and why.
class PwmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Channel {
 public:
  virtual ~Channel() = default;
  // The attribute's text without the trailing newline. Throws PwmError.
  virtual std::string read(std::string_view attribute) = 0;
  // Throws PwmError with the kernel's reason (e.g. a duty cycle above the period).
  virtual void write(std::string_view attribute, std::string_view value) = 0;
  // For the log: e.g. "pwmchip0 (fe20c000.pwm) channel 0".
  virtual std::string describe() const = 0;
};

}  // namespace gpiogw::pwm
