#include "gpiogw/sensors/cpu_temp.hpp"

#include <string>

#include "gpiogw/sensors/text_file.hpp"

namespace gpiogw::sensors {

CpuTemp::CpuTemp(const std::filesystem::path& sysfs_root, unsigned zone)
    : file_(sysfs_root / "class/thermal" / ("thermal_zone" + std::to_string(zone)) / "temp") {}

Reading CpuTemp::read() {
  Reading reading = read_number(file_);
  if (auto* millidegrees = std::get_if<double>(&reading)) *millidegrees /= 1000;
  return reading;
}

}  // namespace gpiogw::sensors
