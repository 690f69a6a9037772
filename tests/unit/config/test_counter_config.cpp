#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

#include "gpiogw/config/loader.hpp"
#include "gpiogw/config/rate_unit.hpp"
#include "gpiogw/config/summary.hpp"

using namespace std::chrono_literals;
using namespace gpiogw::config;
using Catch::Approx;
namespace gpio = gpiogw::gpio;

TEST_CASE("a [[counter]] with every key is read completely, one without gets the defaults",
          "[config][counter]") {
  const auto result =
      load_file(std::filesystem::path(GPIOGW_TEST_DATA) / "configs/valid/counters.toml");
  REQUIRE(result.config);
  const auto& counters = result.config->counters;
  REQUIRE(counters.size() == 3);

  const Counter& water = counters[0];
  CHECK(water.name == "water");
  CHECK(water.line == gpio::LineId(23U));
  CHECK(water.bias == gpio::Bias::pull_up);
  CHECK(water.active_low);
  CHECK(water.edge == gpio::Edge::both);
  CHECK(water.debounce == 20ms);
  CHECK(water.per_pulse == 0.001);
  CHECK(water.unit == "m³");
  CHECK(water.digits == 2);
  CHECK(water.interval == 5s);
  CHECK(water.rate_unit == "L/min");
  CHECK(water.rate_scale == Approx(60.0));  // 1 L per pulse: 1 pulse/s is 60 L/min
  CHECK(water.rate_digits == 1);
  CHECK(water.rate_timeout == 3min);
  CHECK(water.meter == MeterClass::water);
  CHECK(water.ha_name == "Water meter");
  CHECK(water.ha_icon == "mdi:water");

  const Counter& pulses = counters[1];
  CHECK(pulses.line == gpio::LineId("GPIO24"));
  CHECK(pulses.bias == gpio::Bias::as_is);
  CHECK_FALSE(pulses.active_low);
  CHECK(pulses.edge == gpio::Edge::falling);
  CHECK(pulses.debounce == 0ms);
  CHECK(pulses.per_pulse == 1.0);
  CHECK(pulses.unit.empty());
  CHECK(pulses.digits == 0);
  CHECK(pulses.interval == 10s);
  CHECK(pulses.rate_unit.empty());
  CHECK(pulses.rate_timeout == 2min);
  CHECK(pulses.meter == MeterClass::none);

  CHECK(counters[2].digits == 1);                   // as many as per_pulse has
  CHECK(counters[2].rate_scale == Approx(1800.0));  // 0.5 Wh per pulse/s is 1800 W
}

TEST_CASE("a rate unit converts from the counter's unit", "[config][counter]") {
  const auto scale = [](double per_pulse, std::string_view unit, std::string_view rate_unit) {
    const auto result = rate_scale(per_pulse, unit, rate_unit);
    return std::holds_alternative<double>(result) ? std::get<double>(result) : -1.0;
  };
  CHECK(scale(0.001, "m³", "L/min") == Approx(60.0));
  CHECK(scale(0.001, "m³", "m³/h") == Approx(3.6));
  CHECK(scale(1, "", "pulses/s") == Approx(1.0));
  CHECK(scale(2, "imp", "imp/min") == Approx(120.0));  // any unit, to itself
  CHECK(scale(0.001, "kWh", "kW") == Approx(3.6));
  CHECK(scale(1, "Wh", "W") == Approx(3600.0));
  CHECK(std::get<std::string>(rate_scale(1, "m³", "W")) ==
        "cannot convert the unit 'm³' to 'Wh' of rate_unit 'W'");
  CHECK(std::get<std::string>(rate_scale(1, "L", "fast")) ==
        "'fast' is not a rate; use <amount>/s, /min or /h (e.g. \"L/min\"), or W or kW for "
        "energy");

  CHECK(decimals_of(0.001) == 3);
  CHECK(decimals_of(2.5) == 1);
  CHECK(decimals_of(1) == 0);
  CHECK(decimals_of(0.1) == 1);
  CHECK(decimals_of(1.0 / 3) == 6);
}

TEST_CASE("the summary of --check-config lists the counters and where their totals are kept",
          "[config][counter]") {
  const auto result = load_string(
      "[gateway]\nname = \"gw\"\nstate_dir = \"/var/lib/gw\"\n[[counter]]\n"
      "name = \"water\"\nline = 23\nper_pulse = 0.001\nunit = \"m³\"\n"
      "rate_unit = \"L/min\"\n",
      "/etc/gw.toml");
  REQUIRE(result.config);
  const std::string summary = summarize(*result.config);
  CHECK(summary.find("counters name   line  bias   edge     debounce  per pulse  every  rate\n"
                     "         water  23    as-is  falling  0s        0.001 m³   10s    L/min\n"
                     "         totals kept in /var/lib/gw/outputs.state\n") != std::string::npos);
}
