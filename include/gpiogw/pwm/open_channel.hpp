#pragma once
// The channel a [[pwm]] entry names: the mock's when [gpio] backend = "mock" (shown in its
// sim_dir), else the kernel's under [gateway] sysfs_root.

#include <memory>

#include "gpiogw/config/config.hpp"
#include "gpiogw/pwm/channel.hpp"

namespace gpiogw::pwm {

// Throws PwmError.
std::unique_ptr<Channel> open_channel(const config::Pwm& pwm, const config::Config& config);

}  // namespace gpiogw::pwm
