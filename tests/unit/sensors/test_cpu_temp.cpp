#include "gpiogw/sensors/cpu_temp.hpp"

#include <catch2/catch_test_macros.hpp>

#include "temp_dir.hpp"

using namespace gpiogw::sensors;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;

TEST_CASE("cpu_temp reads its thermal zone in degrees", "[sensors][cpu_temp]") {
  TempDir sys;
  std::filesystem::create_directories(sys / "class/thermal/thermal_zone1");
  write_file(sys / "class/thermal/thermal_zone1/temp", "48312\n");
  CHECK(std::get<double>(CpuTemp(sys.path(), 1).read()) == 48.312);

  const Reading missing = CpuTemp(sys.path(), 0).read();
  REQUIRE(std::holds_alternative<ReadError>(missing));
  CHECK(std::get<ReadError>(missing).message ==
        "cannot read " + (sys / "class/thermal/thermal_zone0/temp").string() +
            ": No such file or directory");
}
