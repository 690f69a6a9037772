#include "gpiogw/gateway/change_filter.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace std::chrono_literals;
using gpiogw::ChangeFilter;

TEST_CASE("without min_delta every reading passes", "[change_filter]") {
  ChangeFilter filter(std::nullopt, 0s);
  const ChangeFilter::Clock::time_point t0;
  CHECK(filter.pass(20, t0));
  CHECK(filter.pass(20, t0 + 1s));
  CHECK(filter.pass(20, t0 + 2s));
}

TEST_CASE("with min_delta a reading passes when it moved far enough", "[change_filter]") {
  ChangeFilter filter(0.1, 1h);
  const ChangeFilter::Clock::time_point t0;
  CHECK(filter.pass(23.1, t0));  // the first one always
  CHECK_FALSE(filter.pass(23.1, t0 + 1s));
  CHECK_FALSE(filter.pass(23.15, t0 + 2s));
  CHECK(filter.pass(23.2, t0 + 3s));  // exactly min_delta, despite binary rounding
  CHECK_FALSE(filter.pass(23.11, t0 + 4s));
  CHECK(filter.pass(23.0, t0 + 5s));  // downwards too
}

TEST_CASE("max_silence sends a steady value again", "[change_filter]") {
  ChangeFilter filter(1.0, 10s);
  const ChangeFilter::Clock::time_point t0;
  CHECK(filter.pass(5, t0));
  CHECK_FALSE(filter.pass(5, t0 + 9s));
  CHECK(filter.pass(5, t0 + 10s));
  CHECK_FALSE(filter.pass(5, t0 + 19s));
  CHECK(filter.pass(5, t0 + 20s));
}

TEST_CASE("min_delta = 0 passes any change and nothing else; reset passes the next",
          "[change_filter]") {
  ChangeFilter filter(0.0, 1h);
  const ChangeFilter::Clock::time_point t0;
  CHECK(filter.pass(1, t0));
  CHECK_FALSE(filter.pass(1, t0 + 1s));
  CHECK(filter.pass(1.01, t0 + 2s));
  filter.reset();
  CHECK(filter.pass(1.01, t0 + 3s));
}
