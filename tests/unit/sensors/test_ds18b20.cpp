#include "gpiogw/sensors/ds18b20.hpp"

#include <catch2/catch_test_macros.hpp>

#include "read_error.hpp"
#include "temp_dir.hpp"

using namespace gpiogw::sensors;
using gpiogw::test::error_of;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kGood =
    "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";
constexpr std::string_view kBadCrc =
    "72 01 4b 46 7f ff 0e 10 57 : crc=00 NO\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";

// A fake /sys with one w1_therm device.
void add_device(const TempDir& sys, std::string_view id, std::string_view file,
                std::string_view text) {
  const fs::path dir = sys / "bus/w1/devices" / std::string(id);
  fs::create_directories(dir);
  write_file(dir / std::string(file), text);
}

}  // namespace

TEST_CASE("w1_slave: a YES line and t= give degrees", "[sensors][ds18b20]") {
  CHECK(std::get<double>(parse_w1_slave(kGood)) == 23125);
  CHECK(std::get<double>(parse_w1_slave("a : crc=1 YES\r\nb t=-1062\n")) == -1062);
}

TEST_CASE("w1_slave: a failed CRC or a mangled file is an error", "[sensors][ds18b20]") {
  CHECK(error_of(parse_w1_slave(kBadCrc)) == "CRC check failed (NO)");
  CHECK(error_of(parse_w1_slave("")) == "incomplete: no second line");
  CHECK(error_of(parse_w1_slave("72 01 : crc=57\nt=1\n")) ==
        "no CRC verdict (YES or NO) on the first line");
  CHECK(error_of(parse_w1_slave("x YES\n72 01 4b\n")) ==
        "no temperature (t=...) on the second line");
  CHECK(error_of(parse_w1_slave("x YES\nt=abc\n")) == "temperature not a number: \"abc\"");
}

TEST_CASE("a DS18B20 is read by id, or the first one found", "[sensors][ds18b20]") {
  TempDir sys;
  add_device(sys, "28-00000b1e7a01", "w1_slave", kGood);
  add_device(sys, "28-0316a2798bff", "w1_slave", kBadCrc);
  add_device(sys, "w1_bus_master1", "name", "w1_bus_master1\n");
  CHECK(std::get<double>(Ds18b20(sys.path(), "28-00000b1e7a01").read()) == 23.125);
  CHECK(std::get<double>(Ds18b20(sys.path(), "").read()) == 23.125);  // first in name order
  CHECK(error_of(Ds18b20(sys.path(), "28-0316a2798bff").read()) ==
        (sys / "bus/w1/devices/28-0316a2798bff/w1_slave").string() + ": CRC check failed (NO)");
  CHECK(error_of(Ds18b20(sys.path(), "28-000000000000").read()) ==
        "no 1-Wire sensor 28-000000000000 under " + (sys / "bus/w1/devices").string());
}

TEST_CASE("a DS18B20 without w1_slave is read from temperature", "[sensors][ds18b20]") {
  TempDir sys;
  add_device(sys, "28-00000b1e7a01", "temperature", "19562\n");
  CHECK(std::get<double>(Ds18b20(sys.path(), "").read()) == 19.562);
  add_device(sys, "28-00000b1e7a02", "temperature", "85000\n");
  CHECK(error_of(Ds18b20(sys.path(), "28-00000b1e7a02").read()) ==
        (sys / "bus/w1/devices/28-00000b1e7a02/temperature").string() +
            ": 85 °C is the power-on value: the conversion did not run");
}

TEST_CASE("no 1-Wire bus or no sensor on it is an error", "[sensors][ds18b20]") {
  TempDir sys;
  CHECK(error_of(Ds18b20(sys.path(), "").read()) ==
        "no 1-Wire temperature sensor under " + (sys / "bus/w1/devices").string());
  add_device(sys, "w1_bus_master1", "name", "w1_bus_master1\n");
  CHECK(error_of(Ds18b20(sys.path(), "").read()) ==
        "no 1-Wire temperature sensor under " + (sys / "bus/w1/devices").string());
}
