#pragma once
// kind = "randint": a uniformly random integer in [min, max], the paho tutorial's demo value.

#include <random>

#include "gpiogw/config/config.hpp"
#include "gpiogw/sensors/source.hpp"

namespace gpiogw::sensors {

class Randint final : public Source {
 public:
  explicit Randint(const config::RandintSensor& config);

  Reading read() override;
  bool blocking() const override { return false; }

 private:
  std::mt19937 random_;
  std::uniform_int_distribution<std::int64_t> distribution_;
};

}  // namespace gpiogw::sensors
