#pragma once
// A PWM channel driven the way the kernel requires (Documentation/driver-api/pwm.rst):
// - the duty cycle never exceeds the period, at any single write: which of the two is written
//   first depends on the direction of the change;
// - the polarity changes only while the channel is disabled;
// - "off" is duty 0 while enabled: a disabled channel's level is undefined.

#include <cstdint>
#include <memory>
#include <string>

#include "gpiogw/pwm/channel.hpp"

namespace gpiogw::pwm {

struct Waveform {
  std::uint64_t period_ns;
  std::uint64_t duty_ns;  // at most period_ns
  bool inverted;
};

class Device {
 public:
  // Brings the channel from whatever state it is in to `start`, enabled. Throws PwmError.
  Device(std::unique_ptr<Channel> channel, Waveform start);

  // Throws PwmError; then the duty stays what the channel says.
  void set_duty(std::uint64_t duty_ns);
  std::uint64_t duty_ns() const { return waveform_.duty_ns; }
  std::uint64_t period_ns() const { return waveform_.period_ns; }
  std::string describe() const { return channel_->describe(); }

 private:
  std::unique_ptr<Channel> channel_;
  Waveform waveform_;
};

}  // namespace gpiogw::pwm
