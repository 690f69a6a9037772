// The counting rules on time points the test makes up: exact, instant, no sleeps.
#include "gpiogw/counter/pulse_counter.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

#include <cmath>

using namespace std::chrono_literals;
using Catch::Approx;
using gpiogw::counter::PulseCounter;
namespace config = gpiogw::config;
namespace gpio = gpiogw::gpio;

namespace {

const PulseCounter::Clock::time_point t0{};

// 1 L per pulse, published in m³, with a rate in L/min.
config::Counter water(std::chrono::milliseconds debounce = 0ms) {
  return {.name = "water",
          .line = 23U,
          .edge = gpio::Edge::falling,
          .debounce = debounce,
          .per_pulse = 0.001,
          .unit = "m³",
          .digits = 3,
          .interval = 10s,
          .rate_unit = "L/min",
          .rate_scale = 60.0,
          .rate_timeout = 2min};
}

// One full pulse (down and up) at `at`, counted straight from the events.
void pulse(PulseCounter& counter, PulseCounter::Clock::time_point at) {
  CHECK_FALSE(counter.on_edge(at, false, 0));
  CHECK_FALSE(counter.on_edge(at, true, 0));
}

}  // namespace

TEST_CASE("every edge in the counting direction is one pulse", "[counter]") {
  const auto config = water();
  PulseCounter counter(config, false, true, 0);
  for (int i = 0; i < 5000; ++i) pulse(counter, t0 + i * 1ms);
  CHECK(counter.total() == 5000);
  CHECK(counter.units() == Approx(5.0));

  auto both = water();
  both.edge = gpio::Edge::both;
  PulseCounter edges(both, false, true, 7);
  pulse(edges, t0);
  CHECK(edges.total() == 9);  // from the stored 7, both edges count
}

TEST_CASE("a software debounce counts each settled pulse once, however it bounces", "[counter]") {
  const auto config = water(20ms);
  PulseCounter counter(config, true, true, 0);
  // A reed contact closing: four bounces within 3 ms, then low for good.
  auto at = t0;
  for (const bool rising : {false, true, false, true, false}) {
    const auto sample = counter.on_edge(at, rising, 0);
    REQUIRE(sample);
    CHECK(*sample == at + 20ms);
    at += 750us;
  }
  counter.on_sample(t0 + 20ms, false);  // a stale timer: the last edge moved the deadline
  CHECK(counter.total() == 0);
  counter.on_sample(t0 + 3ms + 20ms, false);
  CHECK(counter.total() == 1);
  // Opening again (a rising settle) does not count for edge = "falling".
  counter.on_edge(t0 + 100ms, true, 0);
  counter.on_sample(t0 + 120ms, true);
  CHECK(counter.total() == 1);
  // A glitch shorter than the debounce, back to the old level, is no pulse.
  counter.on_edge(t0 + 200ms, false, 0);
  counter.on_edge(t0 + 205ms, true, 0);
  counter.on_sample(t0 + 225ms, true);
  CHECK(counter.total() == 1);
}

TEST_CASE("the rate comes from the time between pulses and falls to 0 after rate_timeout",
          "[counter]") {
  const auto config = water();
  PulseCounter counter(config, false, true, 0);
  CHECK(counter.rate(t0) == 0.0);
  pulse(counter, t0);
  CHECK(counter.rate(t0 + 1s) == 0.0);  // one pulse tells no rate
  pulse(counter, t0 + 2s);              // 1 L in 2 s: 30 L/min
  CHECK(counter.rate(t0 + 2s) == Approx(30.0));
  CHECK(counter.rate(t0 + 4s) == Approx(30.0));
  // Later than the last period: at most one pulse in that time.
  CHECK(counter.rate(t0 + 8s) == Approx(10.0));
  CHECK(counter.rate(t0 + 2s + 2min - 1ms) == Approx(60.0 / 119.999));
  CHECK(counter.rate(t0 + 2s + 2min) == 0.0);

  // A batch read at once spreads the time since the last pulse over its pulses.
  for (int i = 0; i < 4; ++i) CHECK_FALSE(counter.on_edge(t0 + 3s, false, 0));
  CHECK(counter.rate(t0 + 3s) == Approx(240.0));  // 4 L in 1 s
}

TEST_CASE("events the kernel dropped count, and a streak of gaps is reported once", "[counter]") {
  const auto config = water();
  PulseCounter counter(config, false, true, 0);
  counter.on_edge(t0, false, 5);  // 5 dropped before this one
  CHECK(counter.total() == 6);
  CHECK(counter.lost() == 5);
  CHECK(counter.take_new_gap() == 5);
  CHECK(counter.take_new_gap() == std::nullopt);
  counter.on_edge(t0 + 9s, false, 3);  // within an interval of the last gap: the same streak
  CHECK(counter.take_new_gap() == std::nullopt);
  CHECK(counter.lost() == 8);
  CHECK(counter.total() == 10);
  counter.on_edge(t0 + 19s, false, 0);
  counter.on_edge(t0 + 19s, false, 2);  // 10 s after the last gap: a new streak
  CHECK(counter.take_new_gap() == 2);

  // With a software debounce the lost edges cannot be told apart: reported, not counted.
  const auto debounced = water(20ms);
  PulseCounter soft(debounced, true, true, 0);
  soft.on_edge(t0, false, 4);
  soft.on_sample(t0 + 20ms, false);
  CHECK(soft.total() == 1);
  CHECK(soft.lost() == 4);
}

TEST_CASE("a reconciled total only ever raises the count; set moves it either way", "[counter]") {
  const auto config = water();
  PulseCounter counter(config, false, true, 1000);
  CHECK_FALSE(counter.reconcile(999));
  CHECK_FALSE(counter.reconcile(1000));
  CHECK(counter.total() == 1000);
  CHECK(counter.reconcile(1500));
  CHECK(counter.total() == 1500);
  counter.set(20);
  CHECK(counter.total() == 20);
}

TEST_CASE("totals in units become whole pulses; nonsense becomes nothing", "[counter]") {
  const auto config = water();
  CHECK(gpiogw::counter::pulses_of(config, 1234.567) == 1234567);
  CHECK(gpiogw::counter::pulses_of(config, 0.0004) == 0);
  CHECK(gpiogw::counter::pulses_of(config, 0.0006) == 1);
  CHECK(gpiogw::counter::pulses_of(config, -1) == std::nullopt);
  CHECK(gpiogw::counter::pulses_of(config, 1e300) == std::nullopt);
  CHECK(gpiogw::counter::pulses_of(config, std::nan("")) == std::nullopt);
}

TEST_CASE("a counter's line asks for both edges only for a software debounce", "[counter]") {
  using gpiogw::counter::line_spec;
  CHECK(line_spec(water(), false).edge == gpio::Edge::falling);
  CHECK(line_spec(water(20ms), false).edge == gpio::Edge::both);
  const auto kernel = line_spec(water(20ms), true);  // libgpiod v2 debounces in the kernel
  CHECK(kernel.edge == gpio::Edge::falling);
  CHECK(kernel.debounce == 20ms);
  CHECK(kernel.direction == gpio::Direction::input);
}
