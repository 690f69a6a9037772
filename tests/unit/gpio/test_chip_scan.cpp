#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "gpiogw/gpio/chip_scan.hpp"
#include "temp_dir.hpp"

using namespace gpiogw::gpio;
namespace fs = std::filesystem;

namespace {

// Stands in for a library: a "chip" is any file, its label is its content.
ChipInfo describe_file(const std::string& path) {
  ChipInfo info;
  info.path = path;
  info.name = fs::path(path).filename().string();
  if (fs::is_regular_file(path)) {
    info.label = gpiogw::test::read_file(path);
  } else {
    info.error = "No such file or directory";
  }
  return info;
}

std::vector<std::string> names(const std::vector<ChipInfo>& chips) {
  std::vector<std::string> result;
  for (const auto& chip : chips) result.push_back(chip.name + "=" + chip.path);
  return result;
}

}  // namespace

TEST_CASE("chip devices are found in number order, other entries ignored", "[gpio]") {
  gpiogw::test::TempDir dev("gpiogw-dev");
  for (const char* name : {"gpiochip10", "gpiochip2", "gpiochip0", "gpiochip", "gpiochipX",
                           "gpiochip1a", "null", "gpiomem"}) {
    gpiogw::test::write_file(dev / name, "x");
  }
  std::vector<std::string> found;
  for (const auto& path : find_chip_devices(dev.path())) found.push_back(path.filename());
  CHECK(found == std::vector<std::string>{"gpiochip0", "gpiochip2", "gpiochip10"});
  CHECK(find_chip_devices(dev / "missing").empty());
}

TEST_CASE("collect_chips describes every chip and a chip path given in the config", "[gpio]") {
  gpiogw::test::TempDir dev("gpiogw-dev");
  gpiogw::test::write_file(dev / "gpiochip0", "pinctrl-bcm2711");
  gpiogw::test::write_file(dev / "gpiochip1", "raspberrypi-exp-gpio");
  fs::create_symlink(dev / "gpiochip1", dev / "header");
  const std::string d = dev.path().string();

  CHECK(names(collect_chips("auto", describe_file, dev.path())) ==
        std::vector<std::string>{"gpiochip0=" + d + "/gpiochip0", "gpiochip1=" + d + "/gpiochip1"});
  // A symlink is the chip it leads to, under the path as written (so select_chip matches it).
  CHECK(names(collect_chips(d + "/header", describe_file, dev.path())) ==
        std::vector<std::string>{"gpiochip0=" + d + "/gpiochip0", "gpiochip1=" + d + "/header"});
  // Anything else is one more entry, carrying its error.
  const auto chips = collect_chips(d + "/nothing", describe_file, dev.path());
  REQUIRE(chips.size() == 3);
  CHECK(chips[2].path == d + "/nothing");
  CHECK_FALSE(chips[2].usable());
}
