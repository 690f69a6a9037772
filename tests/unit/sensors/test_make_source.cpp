#include <catch2/catch_test_macros.hpp>

#include "gpiogw/sensors/source.hpp"
#include "temp_dir.hpp"

using namespace gpiogw::sensors;
namespace config = gpiogw::config;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;

TEST_CASE("each configured kind makes its source, reading under sysfs_root", "[sensors][source]") {
  TempDir sys;
  std::filesystem::create_directories(sys / "class/thermal/thermal_zone0");
  write_file(sys / "class/thermal/thermal_zone0/temp", "50000\n");
  std::filesystem::create_directories(sys / "bus/w1/devices/28-00000b1e7a01");
  write_file(sys / "bus/w1/devices/28-00000b1e7a01/temperature", "20000\n");
  std::filesystem::create_directories(sys / "bus/iio/devices/iio:device0");
  write_file(sys / "bus/iio/devices/iio:device0/in_temp_input", "30000\n");
  write_file(sys / "level", "7\n");

  const auto read = [&](const config::SensorSource& source) {
    return std::get<double>(make_source(source, sys.path())->read());
  };
  CHECK(read(config::RandintSensor{.min = 4, .max = 4, .seed = std::nullopt}) == 4);
  CHECK(read(config::CpuTempSensor{}) == 50);
  CHECK(read(config::Ds18b20Sensor{}) == 20);
  CHECK(read(config::IioSensor{.device = 0U, .channel = "in_temp"}) == 30);
  // A file sensor's path is its own, not under sysfs_root.
  CHECK(read(config::FileSensor{.path = sys / "level", .scale = 2, .offset = 1}) == 15);
  CHECK(make_source(config::CpuTempSensor{}, sys.path())->blocking());
}
