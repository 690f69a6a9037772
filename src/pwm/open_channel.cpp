#include "gpiogw/pwm/open_channel.hpp"

#include "gpiogw/pwm/mock_channel.hpp"
#include "gpiogw/pwm/sysfs.hpp"

namespace gpiogw::pwm {

std::unique_ptr<Channel> open_channel(const config::Pwm& pwm, const config::Config& config) {
  if (config.gpio.backend == config::BackendKind::mock)
    return make_mock_channel(pwm.channel, config.gpio.sim_dir);
  return open_sysfs_channel(pwm.chip, pwm.channel, {.sysfs_root = config.gateway.sysfs_root});
}

}  // namespace gpiogw::pwm
