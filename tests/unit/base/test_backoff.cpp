#include "gpiogw/base/backoff.hpp"

#include <catch2/catch_test_macros.hpp>

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
