// The sysfs channel on a fake PWM tree in a temp dir: finding the chip, export, and the kernel's
// write order checked after every single write.
#include "gpiogw/pwm/sysfs.hpp"

#include <catch2/catch_test_macros.hpp>

#include <charconv>
#include <functional>
#include <thread>

#include <fmt/format.h>

#include "fake_pwm.hpp"
#include "gpiogw/pwm/device.hpp"
#include "recording_channel.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using gpiogw::pwm::PwmError;
using gpiogw::test::add_pwm_channel;
using gpiogw::test::add_pwm_chip;
using gpiogw::test::pwm_error_of;
using gpiogw::test::PwmWrite;
using gpiogw::test::read_file;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;

namespace {

std::uint64_t number_in(const fs::path& file) {
  const std::string text = read_file(file);
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

TEST_CASE("a PWM chip is found by its device name, its sysfs name or as the only one",
          "[pwm][sysfs]") {
  TempDir sys;
  add_pwm_chip(sys.path(), 0, "fe20c000.pwm", 2);
  auto chips = gpiogw::pwm::list_chips(sys.path());
  REQUIRE(chips.size() == 1);
  CHECK(chips[0].device == "fe20c000.pwm");
  CHECK(chips[0].channels == 2);
  CHECK(gpiogw::pwm::find_chip(chips, "auto").name == "pwmchip0");
  CHECK(gpiogw::pwm::find_chip(chips, "fe20c000.pwm").name == "pwmchip0");
  CHECK(gpiogw::pwm::find_chip(chips, "pwmchip0").device == "fe20c000.pwm");

  add_pwm_chip(sys.path(), 2, "1f00098000.pwm", 4);
  chips = gpiogw::pwm::list_chips(sys.path());
  CHECK(pwm_error_of([&] { gpiogw::pwm::find_chip(chips, "auto"); }) ==
        "chip = \"auto\" needs exactly one PWM chip, found fe20c000.pwm (pwmchip0), "
        "1f00098000.pwm (pwmchip2); name one with chip = \"<device>\"");
  CHECK(pwm_error_of([&] { gpiogw::pwm::find_chip(chips, "fe20c000"); }) ==
        "no PWM chip \"fe20c000\"; chips: fe20c000.pwm (pwmchip0), 1f00098000.pwm (pwmchip2)");
  CHECK(gpiogw::pwm::format_chip_listing(chips, sys.path()) ==
        "pwmchip0  device fe20c000.pwm  channels 0..1\n"
        "pwmchip2  device 1f00098000.pwm  channels 0..3\n");

  TempDir empty;
  CHECK(pwm_error_of([&] {
          gpiogw::pwm::find_chip(gpiogw::pwm::list_chips(empty.path()), "auto");
        }).starts_with("chip = \"auto\" needs exactly one PWM chip, found none"));
}

TEST_CASE("a channel is exported when needed, and its attributes waited for with a bound",
          "[pwm][sysfs]") {
  TempDir sys;
  const fs::path chip = add_pwm_chip(sys.path(), 0, "fe20c000.pwm", 2);
  const gpiogw::pwm::SysfsOptions options{.sysfs_root = sys.path(),
                                          .udev_wait = std::chrono::milliseconds(0)};
  // Nothing makes pwm1 appear in a fake tree: the export is written, then the wait gives up.
  CHECK(pwm_error_of([&] { gpiogw::pwm::open_sysfs_channel("auto", 1, options); }) ==
        fmt::format("pwmchip0 (fe20c000.pwm) channel 1: {} is not writable 0ms after the export; "
                    "does a udev rule give the group gpio its attributes (the package ships one)?",
                    (sys / "class/pwm/pwmchip0/pwm1").string()));
  CHECK(read_file(chip / "export") == "1");

  // An exported channel is taken as it is: no second export.
  write_file(chip / "export", "");
  add_pwm_channel(chip, 0, "0", "0", "normal", "0");
  const auto channel = gpiogw::pwm::open_sysfs_channel("fe20c000.pwm", 0, options);
  CHECK(read_file(chip / "export").empty());
  CHECK(channel->describe() == "pwmchip0 (fe20c000.pwm) channel 0");
  CHECK(channel->read("polarity") == "normal");

  CHECK(pwm_error_of([&] { gpiogw::pwm::open_sysfs_channel("auto", 2, options); }) ==
        "pwmchip0 (fe20c000.pwm) channel 2: the chip has 2 channels (0..1)");
}

TEST_CASE("after an export, the channel is used as soon as udev has made it", "[pwm][sysfs]") {
  TempDir sys;
  const fs::path chip = add_pwm_chip(sys.path(), 0, "fe20c000.pwm", 1);
  // Stands in for the kernel and udev: once "0" is written to export, the channel appears.
  std::thread udev([&] {
    while (read_file(chip / "export") != "0") std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(30ms);
    add_pwm_channel(chip, 0, "0", "0", "normal", "0");
  });
  const auto started = std::chrono::steady_clock::now();
  const auto channel = gpiogw::pwm::open_sysfs_channel("auto", 0, {.sysfs_root = sys.path()});
  udev.join();
  CHECK(channel->read("period") == "0");
  CHECK(std::chrono::steady_clock::now() - started < 2s);  // well inside the bound
}

TEST_CASE("duty never exceeds the period at any write, polarity changes only while disabled",
          "[pwm][sysfs]") {
  TempDir sys;
  const fs::path chip = add_pwm_chip(sys.path(), 0, "fe20c000.pwm", 1);
  const gpiogw::pwm::SysfsOptions options{.sysfs_root = sys.path()};
  struct Case {
    std::string_view period, duty, polarity, enable;  // what the channel had before
    gpiogw::pwm::Waveform wanted;
    std::vector<PwmWrite> writes;
  };
  const std::vector<Case> cases{
      // Freshly exported (period 0): the period grows first.
      {"0",
       "0",
       "normal",
       "0",
       {40000, 30000, false},
       {{"period", "40000"}, {"duty_cycle", "30000"}, {"enable", "1"}}},
      // A long period with a long duty going to a short one: the duty shrinks first; the
      // polarity changes while disabled.
      {"20000000",
       "15000000",
       "normal",
       "1",
       {40000, 20000, true},
       {{"enable", "0"},
        {"polarity", "inversed"},
        {"duty_cycle", "20000"},
        {"period", "40000"},
        {"enable", "1"}}},
      // A duty above the old period: the period first, and an enabled channel stays enabled.
      {"10000",
       "5000",
       "inversed",
       "1",
       {40000, 30000, true},
       {{"period", "40000"}, {"duty_cycle", "30000"}}},
  };
  for (const Case& c : cases) {
    const fs::path dir = add_pwm_channel(chip, 0, c.period, c.duty, c.polarity, c.enable);
    std::vector<PwmWrite> writes;
    std::vector<std::string> broken;
    // After every single write, what the kernel would hold must be valid.
    auto check = [&] {
      if (number_in(dir / "duty_cycle") > number_in(dir / "period"))
        broken.push_back(fmt::format("duty above period after {}", writes.back().attribute));
      if (writes.back().attribute == "polarity" && number_in(dir / "enable") == 1)
        broken.push_back("polarity written while enabled");
    };
    gpiogw::pwm::Device device(
        std::make_unique<gpiogw::test::RecordingChannel>(
            gpiogw::pwm::open_sysfs_channel("auto", 0, options), writes, nullptr, check),
        c.wanted);
    CHECK(broken.empty());
    CHECK(writes == c.writes);
    writes.clear();
    device.set_duty(0);  // off is duty 0 while enabled
    CHECK(writes == std::vector<PwmWrite>{{"duty_cycle", "0"}});
    CHECK(number_in(dir / "enable") == 1);
    fs::remove_all(dir);
  }
}

TEST_CASE("a write the kernel refuses is an error naming the channel and the file",
          "[pwm][sysfs]") {
  TempDir sys;
  const fs::path chip = add_pwm_chip(sys.path(), 0, "fe20c000.pwm", 1);
  const fs::path dir = add_pwm_channel(chip, 0, "0", "0", "normal", "0");
  fs::remove(dir / "duty_cycle");
  fs::create_directory(dir / "duty_cycle");  // any write fails, as a refusing kernel's does
  const auto channel = gpiogw::pwm::open_sysfs_channel("auto", 0, {.sysfs_root = sys.path()});
  CHECK(pwm_error_of([&] { channel->write("duty_cycle", "10"); }) ==
        fmt::format("pwmchip0 (fe20c000.pwm) channel 0: cannot write 10 to {}: Is a directory",
                    (sys / "class/pwm/pwmchip0/pwm0/duty_cycle").string()));
}
