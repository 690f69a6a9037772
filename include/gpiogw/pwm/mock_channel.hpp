#pragma once
// In-process PWM channel for PCs, tests and the demo, keeping the kernel's rules: it refuses a
// duty cycle above the period, a polarity change while enabled and enabling with period 0, as a
// real chip's sysfs does. With a sim_dir (the mock GPIO backend's) it shows its state to other
// processes, like the mock's lines:
//   <sim_dir>/sim_pwm<channel>/period, duty_cycle, polarity, enable
// each replaced atomically on every change. It starts as a freshly exported channel: period 0,
// duty 0, normal, disabled.

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "gpiogw/pwm/channel.hpp"

namespace gpiogw::pwm {

std::unique_ptr<Channel> make_mock_channel(unsigned channel, std::filesystem::path sim_dir);

}  // namespace gpiogw::pwm
