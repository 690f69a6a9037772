#include "gpiogw/sensors/text_file.hpp"

#include <catch2/catch_test_macros.hpp>

#include "read_error.hpp"
#include "temp_dir.hpp"

using namespace gpiogw::sensors;
using gpiogw::test::error_of;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;

TEST_CASE("numbers are parsed with surrounding whitespace", "[sensors][text_file]") {
  CHECK(std::get<double>(parse_number("48312\n")) == 48312);
  CHECK(std::get<double>(parse_number("  -1.5 ")) == -1.5);
  CHECK(std::get<double>(parse_number("2e3")) == 2000);
  CHECK(std::get<double>(parse_number("0")) == 0);
}

TEST_CASE("anything but one number is an error quoting the text", "[sensors][text_file]") {
  CHECK(error_of(parse_number("")) == "not a number: \"\"");
  CHECK(error_of(parse_number("\n")) == "not a number: \"\\x0a\"");
  CHECK(error_of(parse_number("12 34")) == "not a number: \"12 34\"");
  CHECK(error_of(parse_number("48.3C")) == "not a number: \"48.3C\"");
  CHECK(error_of(parse_number("nan")) == "not a number: \"nan\"");
  CHECK(error_of(parse_number("inf")) == "not a number: \"inf\"");
  CHECK(error_of(parse_number("0x10")) == "not a number: \"0x10\"");
}

TEST_CASE("read_number names the file in its errors", "[sensors][text_file]") {
  TempDir dir;
  write_file(dir / "good", "21500\n");
  write_file(dir / "bad", "garbage\n");
  CHECK(std::get<double>(read_number(dir / "good")) == 21500);
  CHECK(error_of(read_number(dir / "bad")) ==
        (dir / "bad").string() + ": not a number: \"garbage\\x0a\"");
  CHECK(error_of(read_number(dir / "missing")) ==
        "cannot read " + (dir / "missing").string() + ": No such file or directory");
  CHECK(error_of(read_number(dir.path())) ==
        "cannot read " + dir.path().string() + ": Is a directory");
}
