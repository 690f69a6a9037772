#include "gpiogw/sensors/file_sensor.hpp"

#include <catch2/catch_test_macros.hpp>

#include "temp_dir.hpp"

using namespace gpiogw::sensors;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;

TEST_CASE("a file sensor scales and offsets the number in its file", "[sensors][file]") {
  TempDir dir;
  write_file(dir / "level", "42\n");
  CHECK(std::get<double>(FileSensor({.path = dir / "level", .scale = 1, .offset = 0}).read()) ==
        42);
  CHECK(std::get<double>(FileSensor({.path = dir / "level", .scale = 0.5, .offset = -1}).read()) ==
        20);
  write_file(dir / "level", "");
  const Reading empty = FileSensor({.path = dir / "level", .scale = 1, .offset = 0}).read();
  REQUIRE(std::holds_alternative<ReadError>(empty));
  CHECK(std::get<ReadError>(empty).message == (dir / "level").string() + ": not a number: \"\"");
}
