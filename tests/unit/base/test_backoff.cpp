#include "gpiogw/base/backoff.hpp"

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <vector>

using namespace std::chrono_literals;

TEST_CASE("back-off doubles up to the cap, with at most a fifth taken off", "[backoff]") {
  gpiogw::Backoff backoff(1000ms, 8000ms, 42);
  const std::chrono::milliseconds expected[] = {1000ms, 2000ms, 4000ms, 8000ms, 8000ms, 8000ms};
  for (const auto base : expected) {
    const auto delay = backoff.next();
    CHECK(delay <= base);
    CHECK(delay >= base - base / 5);
  }
  backoff.reset();
  CHECK(backoff.next() <= 1000ms);
}

TEST_CASE("back-off delays are jittered", "[backoff]") {
  gpiogw::Backoff a(10000ms, 10000ms, 1);
  bool differs = false;
  const auto first = a.next();
  for (int i = 0; i < 20 && !differs; ++i) differs = a.next() != first;
  CHECK(differs);
}

TEST_CASE("without room for jitter the delays are exact: doubled, capped, reset", "[backoff]") {
  // Below 5 ms a fifth rounds down to nothing, so the growth itself shows, to the millisecond.
  gpiogw::Backoff backoff(1ms, 3ms, 7);
  CHECK(backoff.next() == 1ms);
  CHECK(backoff.next() == 2ms);
  CHECK(backoff.next() == 3ms);  // the cap, though not a doubling of the step before
  CHECK(backoff.next() == 3ms);
  backoff.reset();
  CHECK(backoff.next() == 1ms);
  CHECK(backoff.next() == 2ms);
}

TEST_CASE("the jitter spans exactly a fifth, both ends included", "[backoff]") {
  std::chrono::milliseconds shortest = 1h;
  std::chrono::milliseconds longest = 0ms;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    // Seeds spread over the whole range, like random_device's: minstd_rand's first draw from
    // small consecutive seeds is small too, all near one end.
    const std::uint32_t seed = i * 2654435761U;
    const auto delay = gpiogw::Backoff(1000ms, 1000ms, seed).next();
    shortest = std::min(shortest, delay);
    longest = std::max(longest, delay);
  }
  CHECK(shortest == 800ms);
  CHECK(longest == 1000ms);
}

TEST_CASE("the jitter is seeded: one seed repeats its delays, another differs", "[backoff]") {
  const auto delays = [](std::uint32_t seed) {
    gpiogw::Backoff backoff(1000ms, 60000ms, seed);
    std::vector<std::chrono::milliseconds> taken;
    for (int i = 0; i < 8; ++i) taken.push_back(backoff.next());
    return taken;
  };
  CHECK(delays(3) == delays(3));
  CHECK(delays(3) != delays(4));
}
