#pragma once
// kind = "cpu_temp": a thermal zone, <sysfs_root>/class/thermal/thermal_zone<N>/temp, which holds
// millidegrees Celsius; published in degrees.

#include <filesystem>

#include "gpiogw/sensors/source.hpp"

namespace gpiogw::sensors {

class CpuTemp final : public Source {
 public:
  CpuTemp(const std::filesystem::path& sysfs_root, unsigned zone);

  Reading read() override;

 private:
  std::filesystem::path file_;
};

}  // namespace gpiogw::sensors
