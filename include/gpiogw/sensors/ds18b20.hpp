#pragma once
// kind = "ds18b20": a 1-Wire temperature sensor through the kernel's w1_therm driver, under
// <sysfs_root>/bus/w1/devices/<id>/. A read starts a conversion and takes about 750 ms.

#include <filesystem>
#include <string>
#include <string_view>

#include "gpiogw/sensors/source.hpp"

namespace gpiogw::sensors {

// w1_slave as w1_therm writes it, in degrees Celsius:
//   72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
//   72 01 4b 46 7f ff 0e 10 57 t=23125
// A first line ending in anything but YES is a failed CRC check, and so an error.
Reading parse_w1_slave(std::string_view text);

class Ds18b20 final : public Source {
 public:
  // An empty id means the first temperature sensor found (in name order) at each read.
  Ds18b20(const std::filesystem::path& sysfs_root, std::string id);

  Reading read() override;

 private:
  std::filesystem::path devices_;
  std::string id_;
};

}  // namespace gpiogw::sensors
