#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <fstream>

#include "gpiogw/config/loader.hpp"
#include "gpiogw/config/summary.hpp"

using namespace std::chrono_literals;
using namespace gpiogw::config;
namespace fs = std::filesystem;

TEST_CASE("[[pwm]] entries: defaults, frequency or period, percents and rules", "[config][pwm]") {
  const auto result = load_string(R"(
[gateway]
name = "shed"
[[pwm]]
name = "fan"
frequency = "25kHz"
min = 20
initial = "restore"
fade = "500ms"
max_on = "2h"
on_disconnect = "off"
shutdown = "off"
homeassistant = { component = "fan", icon = "mdi:fan" }
[[pwm]]
name = "servo"
chip = "1f00098000.pwm"
channel = 1
period = "20ms"
initial = 7.5
on_disconnect = 50
[[pwm]]
name = "dimmer"
channel = 2
frequency = 1000
)",
                                  "pwm.toml");
  for (const auto& error : result.errors) UNSCOPED_INFO(error.to_string());
  REQUIRE(result.config);
  const auto& pwms = result.config->pwms;
  REQUIRE(pwms.size() == 3);
  CHECK(pwms[0].period_ns == 40000);
  CHECK(pwms[0].chip == "auto");
  CHECK_FALSE(pwms[0].initial);
  CHECK(pwms[0].min == 20);
  CHECK(pwms[0].max == 100);
  CHECK(pwms[0].fade == 500ms);
  CHECK(pwms[0].max_on == 2h);
  CHECK(pwms[0].on_disconnect == 0.0);
  CHECK(pwms[0].shutdown == OnShutdown::off);
  CHECK(pwms[0].component == PwmComponent::fan);
  CHECK(pwms[0].homeassistant.icon == "mdi:fan");
  CHECK(pwms[1].period_ns == 20000000);
  CHECK(pwms[1].channel == 1);
  CHECK(pwms[1].initial == 7.5);
  CHECK(pwms[1].on_disconnect == 50.0);
  CHECK(pwms[2].period_ns == 1000000);
  CHECK(pwms[2].initial == 0.0);
  CHECK_FALSE(pwms[2].on_disconnect);
  CHECK(pwms[2].component == PwmComponent::light);

  const std::string summary = summarize(*result.config);
  CHECK(summary.find("\npwm      name    chip ") != std::string::npos);
  for (const char* shown : {"40000ns ", "20%..100%  restore  ", "20000000ns  0%..100%   7.5%  ",
                            "fade 500ms, max_on 2h, on_disconnect 0% after 30s, shutdown off, "
                            "ha fan\n",
                            "on_disconnect 50% after 30s, ha light\n"}) {
    CHECK(summary.find(shown) != std::string::npos);
  }
  CHECK(summary.find("restores outputs from") != std::string::npos);
}

TEST_CASE("the shipped config's commented [[pwm]] example is valid once uncommented",
          "[config][pwm]") {
  std::ifstream in(fs::path(GPIOGW_SOURCE_DIR) / "config/gpiogw.toml");
  std::string text;
  bool in_example = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "#[[pwm]]") in_example = true;
    // Keys are "#key = ...", comments "# ...": only the keys lose their '#'.
    if (in_example && line.size() > 1 && line[0] == '#' && line[1] != ' ') line.erase(0, 1);
    text += line + "\n";
  }
  REQUIRE(in_example);
  const auto result = load_string(text, "gpiogw.toml");
  for (const auto& error : result.errors) UNSCOPED_INFO(error.to_string());
  REQUIRE(result.config);
  REQUIRE(result.config->pwms.size() == 1);
  CHECK(result.config->pwms[0].name == "fan");
  CHECK(result.config->pwms[0].period_ns == 40000);
}
