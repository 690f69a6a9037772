#include "gpiogw/sensors/file_sensor.hpp"

#include "gpiogw/sensors/text_file.hpp"

namespace gpiogw::sensors {

Reading FileSensor::read() {
  Reading reading = read_number(config_.path);
  if (auto* value = std::get_if<double>(&reading)) *value = *value * config_.scale + config_.offset;
  return reading;
}

}  // namespace gpiogw::sensors
