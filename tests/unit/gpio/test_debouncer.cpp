#include <catch2/catch_test_macros.hpp>

#include "gpiogw/gpio/debouncer.hpp"

using namespace gpiogw::gpio;
using namespace std::chrono_literals;

namespace {
// A fake clock: only time points we construct, so the tests never sleep.
const Debouncer::Clock::time_point t0{};
}  // namespace

TEST_CASE("a burst of bounces publishes the final level once", "[gpio]") {
  Debouncer debouncer(20ms, false);
  CHECK(debouncer.on_edge(t0) == t0 + 20ms);
  CHECK(debouncer.on_edge(t0 + 1ms) == t0 + 21ms);
  CHECK(debouncer.on_edge(t0 + 3ms) == t0 + 23ms);
  CHECK(debouncer.pending());

  // The timers armed for the first two edges fire while the line is still settling.
  CHECK(debouncer.on_sample(t0 + 20ms, true) == std::nullopt);
  CHECK(debouncer.on_sample(t0 + 21ms, true) == std::nullopt);
  CHECK(debouncer.on_sample(t0 + 23ms, true) == true);
  CHECK(debouncer.published_level() == true);
  CHECK_FALSE(debouncer.pending());

  // Nothing pending any more: a late timer publishes nothing.
  CHECK(debouncer.on_sample(t0 + 30ms, true) == std::nullopt);
}

TEST_CASE("a bounce back to the old level publishes nothing", "[gpio]") {
  Debouncer debouncer(20ms, true);
  debouncer.on_edge(t0);
  debouncer.on_edge(t0 + 2ms);
  CHECK(debouncer.on_sample(t0 + 22ms, true) == std::nullopt);
  CHECK(debouncer.published_level() == true);
  CHECK_FALSE(debouncer.pending());
}

TEST_CASE("a stale timer before the deadline publishes nothing and keeps the edge", "[gpio]") {
  Debouncer debouncer(50ms, false);
  debouncer.on_edge(t0);
  debouncer.on_edge(t0 + 40ms);
  CHECK(debouncer.on_sample(t0 + 50ms, true) == std::nullopt);
  CHECK(debouncer.pending());
  CHECK(debouncer.on_sample(t0 + 90ms, true) == true);
}

TEST_CASE("a zero period samples at once", "[gpio]") {
  Debouncer debouncer(0ms, false);
  const auto deadline = debouncer.on_edge(t0 + 5ms);
  CHECK(deadline == t0 + 5ms);
  CHECK(debouncer.on_sample(deadline, true) == true);
  debouncer.on_edge(t0 + 6ms);
  CHECK(debouncer.on_sample(t0 + 6ms, false) == false);
  CHECK(debouncer.published_level() == false);
}
