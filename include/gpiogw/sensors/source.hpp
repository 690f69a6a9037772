#pragma once
// A sensor source reads one value when asked: a number, or a specific reason why not. Scheduling,
// filtering and publishing are not its business (see gateway/sensor_publisher.hpp).

#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "gpiogw/config/config.hpp"

namespace gpiogw::sensors {

struct ReadError {
  std::string message;  // names the file and what was wrong with it
};

using Reading = std::variant<double, ReadError>;

class Source {
 public:
  virtual ~Source() = default;
  // One reading. May block (a DS18B20 conversion takes about 750 ms), so the gateway calls it on a
  // worker thread unless blocking() is false. Never throws.
  virtual Reading read() = 0;
  // False for sources that never wait for a file or a device.
  virtual bool blocking() const { return true; }
};

// The source for a configured sensor; sysfs paths are taken under `sysfs_root`.
std::unique_ptr<Source> make_source(const config::SensorSource& source,
                                    const std::filesystem::path& sysfs_root);

}  // namespace gpiogw::sensors
