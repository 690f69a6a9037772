#include "gpiogw/sensors/iio.hpp"

#include <catch2/catch_test_macros.hpp>

#include "read_error.hpp"
#include "temp_dir.hpp"

using namespace gpiogw::sensors;
using gpiogw::test::error_of;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;
namespace fs = std::filesystem;

namespace {

// <sys>/bus/iio/devices/iio:device<index> named `name`.
fs::path add_device(const TempDir& sys, unsigned index, std::string_view name) {
  const fs::path dir = sys / "bus/iio/devices" / ("iio:device" + std::to_string(index));
  fs::create_directories(dir);
  write_file(dir / "name", std::string(name) + "\n");
  return dir;
}

}  // namespace

TEST_CASE("an IIO channel's _input is taken as it is, milli-units made whole", "[sensors][iio]") {
  TempDir sys;
  const fs::path dir = add_device(sys, 0, "dht22");
  write_file(dir / "in_temp_input", "23400\n");
  write_file(dir / "in_humidityrelative_input", "45600\n");
  write_file(dir / "in_pressure_input", "101.325\n");
  write_file(dir / "in_temp_raw", "1\n");  // _input wins
  CHECK(std::get<double>(read_iio_channel(dir, "in_temp")) == 23.4);
  CHECK(std::get<double>(read_iio_channel(dir, "in_humidityrelative")) == 45.6);
  CHECK(std::get<double>(read_iio_channel(dir, "in_pressure")) == 101.325);
}

TEST_CASE("an IIO channel's _raw is offset and scaled", "[sensors][iio]") {
  TempDir sys;
  const fs::path dir = add_device(sys, 0, "sht3x");
  write_file(dir / "in_temp_raw", "1000\n");
  write_file(dir / "in_temp_offset", "-500\n");
  write_file(dir / "in_temp_scale", "2.5\n");
  CHECK(std::get<double>(read_iio_channel(dir, "in_temp")) == 1.25);  // (1000 - 500) * 2.5 m°C
  // Indexed channels fall back to their type's shared scale, and to no offset.
  write_file(dir / "in_voltage0_raw", "2048\n");
  write_file(dir / "in_voltage_scale", "0.805664062\n");
  CHECK(std::get<double>(read_iio_channel(dir, "in_voltage0")) == 2048 * 0.805664062);
  write_file(dir / "in_current_raw", "7\n");
  CHECK(std::get<double>(read_iio_channel(dir, "in_current")) == 7);
}

TEST_CASE("IIO errors name the device, the channel and the file", "[sensors][iio]") {
  TempDir sys;
  const fs::path dir = add_device(sys, 0, "bme280");
  CHECK(error_of(read_iio_channel(dir, "in_temp")) ==
        dir.string() + " has no channel in_temp (neither in_temp_input nor in_temp_raw)");
  write_file(dir / "in_temp_raw", "12\n");
  write_file(dir / "in_temp_scale", "x\n");
  CHECK(error_of(read_iio_channel(dir, "in_temp")) ==
        (dir / "in_temp_scale").string() + ": not a number: \"x\\x0a\"");
}

TEST_CASE("an IIO device is found by index or by name", "[sensors][iio]") {
  TempDir sys;
  write_file(add_device(sys, 0, "ads1015") / "in_voltage0_raw", "5\n");
  write_file(add_device(sys, 1, "bme280") / "in_temp_input", "21000\n");
  CHECK(std::get<double>(Iio(sys.path(), "bme280", "in_temp").read()) == 21);
  CHECK(std::get<double>(Iio(sys.path(), 1U, "in_temp").read()) == 21);
  CHECK(std::get<double>(Iio(sys.path(), 0U, "in_voltage0").read()) == 5);
  CHECK(error_of(Iio(sys.path(), "dht11", "in_temp").read()) ==
        "no IIO device named 'dht11' under " + (sys / "bus/iio/devices").string());
  CHECK(error_of(Iio(sys.path(), 7U, "in_temp").read()) ==
        "no IIO device " + (sys / "bus/iio/devices/iio:device7").string());
}
