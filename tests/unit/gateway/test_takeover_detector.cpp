#include "gpiogw/gateway/takeover_detector.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace std::chrono_literals;
using gpiogw::TakeoverDetector;

TEST_CASE("three short connections in a row, each made at once, are a takeover", "[takeover]") {
  TakeoverDetector detector;
  CHECK_FALSE(detector.lost(1s, true));
  CHECK_FALSE(detector.lost(4999ms, true));
  CHECK(detector.lost(2s, true));
  CHECK_FALSE(detector.lost(2s, true));  // once per streak
  CHECK_FALSE(detector.lost(5s, true));  // a long one ends it
  CHECK_FALSE(detector.lost(1s, true));
  CHECK_FALSE(detector.lost(1s, true));
  CHECK(detector.lost(1s, true));
}

TEST_CASE("a broker that is really away is no takeover", "[takeover]") {
  // Failed attempts before the connection: the broker was not there, not taken over.
  TakeoverDetector detector;
  CHECK_FALSE(detector.lost(1s, true));
  CHECK_FALSE(detector.lost(1s, true));
  CHECK_FALSE(detector.lost(1s, false));
  CHECK_FALSE(detector.lost(1s, true));
  CHECK_FALSE(detector.lost(1s, true));
  CHECK(detector.lost(1s, true));
}
