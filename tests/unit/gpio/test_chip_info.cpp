#include <catch2/catch_test_macros.hpp>

#include <vector>

#include "gpiogw/gpio/chip_info.hpp"
#include "gpiogw/gpio/mock_backend.hpp"

using namespace gpiogw::gpio;

TEST_CASE("the line listing (--list-lines) shows every chip and line, free or in use and by whom",
          "[gpio]") {
  ChipInfo header;
  header.name = "gpiochip0";
  header.path = "/dev/gpiochip0";
  header.label = "pinctrl-bcm2711";
  header.lines = {{0, "ID_SDA", false, ""},
                  {1, "", true, ""},
                  {2, "GPIO2", true, "gpiogw"},
                  {3, "GPIO3_LONG_NAME", false, ""}};
  ChipInfo locked;
  locked.name = "gpiochip1";
  locked.path = "/dev/gpiochip1";
  locked.error = "Permission denied (is the user in the 'gpio' group?)";
  const std::vector<ChipInfo> chips{header, locked};

  CHECK(format_line_listing(chips, 0) ==
        "gpiochip0 [pinctrl-bcm2711] /dev/gpiochip0, 4 lines  <- chip = \"auto\"\n"
        "       0  ID_SDA           free\n"
        "       1  -                in use\n"
        "       2  GPIO2            in use by \"gpiogw\"\n"
        "       3  GPIO3_LONG_NAME  free\n"
        "gpiochip1 /dev/gpiochip1: cannot open: Permission denied (is the user in the 'gpio' "
        "group?)\n");
  CHECK(format_line_listing({}, std::nullopt) ==
        "there are no GPIO chips at all (/dev/gpiochip* missing: no GPIO hardware or driver; on a "
        "PC use the mock backend)\n");
}

TEST_CASE("the mock's chip is listed like a Pi header chip", "[gpio]") {
  const std::vector<ChipInfo> chips{mock_chip(3)};
  CHECK(format_line_listing(chips, std::nullopt) ==
        "mock [gpiogw-mock], 3 lines\n"
        "       0  GPIO0  free\n"
        "       1  GPIO1  free\n"
        "       2  GPIO2  free\n");
  CHECK(describe_line(chips[0], 2) == "mock [gpiogw-mock] offset 2 (GPIO2)");
  CHECK(describe_line(chips[0], 7) == "mock [gpiogw-mock] offset 7");
}
