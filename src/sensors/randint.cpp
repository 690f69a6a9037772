#include "gpiogw/sensors/randint.hpp"

namespace gpiogw::sensors {

Randint::Randint(const config::RandintSensor& config)
    : random_(config.seed ? *config.seed : std::random_device{}()),
      distribution_(config.min, config.max) {}

Reading Randint::read() {
  return static_cast<double>(distribution_(random_));
}

}  // namespace gpiogw::sensors
