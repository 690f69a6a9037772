#include "gpiogw/sensors/cpu_temp.hpp"
#include "gpiogw/sensors/ds18b20.hpp"
#include "gpiogw/sensors/file_sensor.hpp"
#include "gpiogw/sensors/iio.hpp"
#include "gpiogw/sensors/randint.hpp"
#include "gpiogw/sensors/source.hpp"

namespace gpiogw::sensors {

std::unique_ptr<Source> make_source(const config::SensorSource& source,
                                    const std::filesystem::path& sysfs_root) {
  struct Make {
    const std::filesystem::path& root;
    std::unique_ptr<Source> operator()(const config::RandintSensor& randint) const {
      return std::make_unique<Randint>(randint);
    }
    std::unique_ptr<Source> operator()(const config::CpuTempSensor& cpu_temp) const {
      return std::make_unique<CpuTemp>(root, cpu_temp.zone);
    }
    std::unique_ptr<Source> operator()(const config::Ds18b20Sensor& ds18b20) const {
      return std::make_unique<Ds18b20>(root, ds18b20.id);
    }
    std::unique_ptr<Source> operator()(const config::IioSensor& iio) const {
      return std::make_unique<Iio>(root, iio.device, iio.channel);
    }
    std::unique_ptr<Source> operator()(const config::FileSensor& file) const {
      return std::make_unique<FileSensor>(file);
    }
  };
  return std::visit(Make{sysfs_root}, source);
}

}  // namespace gpiogw::sensors
