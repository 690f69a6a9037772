#pragma once
// kind = "iio": a channel of an Industrial I/O device, <sysfs_root>/bus/iio/devices/iio:deviceN/,
// the kernel's interface to BME280, DHT11/22, SHT3x and many more.

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

#include "gpiogw/sensors/source.hpp"

namespace gpiogw::sensors {

// One value of `channel` (e.g. "in_temp") in a device folder: <channel>_input, or else
// (<channel>_raw + offset) * scale from <channel>_offset and <channel>_scale, falling back to the
// attributes the type's channels share (in_voltage_scale for in_voltage0) and to 0 and 1. In the
// IIO ABI's units, except that temperature (millidegrees) and relative humidity (milli-percent)
// become degrees Celsius and percent.
Reading read_iio_channel(const std::filesystem::path& device_dir, std::string_view channel);

class Iio final : public Source {
 public:
  // `device` is an index (iio:device<N>) or the device's name, looked up at each read because
  // numbering follows the order in which drivers load.
  Iio(const std::filesystem::path& sysfs_root, std::variant<unsigned, std::string> device,
      std::string channel);

  Reading read() override;

 private:
  std::variant<std::filesystem::path, ReadError> device_dir() const;

  std::filesystem::path devices_;
  std::variant<unsigned, std::string> device_;
  std::string channel_;
};

}  // namespace gpiogw::sensors
