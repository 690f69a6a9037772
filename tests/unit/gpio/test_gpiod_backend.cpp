// No GPIO hardware and no gpio-sim here: these cover the errors a user meets first. Requests
// against a real kernel chip are tested in the gpio-sim VM.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <filesystem>
#include <string>

#include "gpiogw/gpio/gpiod_backend.hpp"
#include "message_of.hpp"

using namespace gpiogw::gpio;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::Equals;

namespace {

bool gpio_chips_exist() {
  for (const auto& entry : std::filesystem::directory_iterator("/dev")) {
    if (entry.path().filename().string().starts_with("gpiochip")) return true;
  }
  return false;
}

std::string error_of(const std::string& chip) {
  return gpiogw::test::message_of<GpioError>([&] { make_gpiod_backend(chip, "gpiogw-test"); });
}

constexpr const char* kNoChips =
    "there are no GPIO chips at all (/dev/gpiochip* missing: no GPIO hardware or driver; on a PC "
    "use the mock backend)";

}  // namespace

TEST_CASE("gpiod: a chip path that does not exist", "[gpio]") {
  const auto message = error_of("/dev/gpiochip-does-not-exist");
  CHECK_THAT(message, ContainsSubstring("GPIO chip \"/dev/gpiochip-does-not-exist\": cannot open: "
                                        "No such file or directory; "));
  if (!gpio_chips_exist()) CHECK_THAT(message, ContainsSubstring(kNoChips));
}

TEST_CASE("gpiod: a path that is not a GPIO chip", "[gpio]") {
  CHECK_THAT(error_of("/dev/null"),
             ContainsSubstring("GPIO chip \"/dev/null\": cannot open: not a GPIO chip device ("));
}

TEST_CASE("gpiod: a chip name or label that matches nothing", "[gpio]") {
  CHECK_THAT(error_of("gpiochip4242"),
             ContainsSubstring("GPIO chip \"gpiochip4242\": no chip with that name or label; "));
}

TEST_CASE("gpiod: chip \"auto\" without a pinctrl chip", "[gpio]") {
  if (gpio_chips_exist()) SKIP("this machine has GPIO chips");
  CHECK_THAT(error_of("auto"),
             Equals(std::string("GPIO chip \"auto\": no chip labelled pinctrl-*; ") + kNoChips));
}
