#pragma once
// kind = "file": any text file holding one number, published as number * scale + offset.

#include "gpiogw/config/config.hpp"
#include "gpiogw/sensors/source.hpp"

namespace gpiogw::sensors {

class FileSensor final : public Source {
 public:
  explicit FileSensor(config::FileSensor config) : config_(std::move(config)) {}

  Reading read() override;

 private:
  config::FileSensor config_;
};

}  // namespace gpiogw::sensors
