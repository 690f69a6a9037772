#pragma once
// Two clients with the same client id take the broker session from each other in turn: each new
// connection of one drops the other's, so every connection ends soon after it was made, and the
// next connect succeeds at once (the broker is there). The log would only say "connection lost"
// again and again; this notices the pattern. A broker that is really away makes connect attempts
// fail in between, which ends the streak.

#include <chrono>

namespace gpiogw {

class TakeoverDetector {
 public:
  static constexpr int kInARow = 3;  // short connections in a row before it says so
  static constexpr std::chrono::seconds kShort{5};

  // A connection ended after lasting `lasted`; `first_try`: it was made by the first attempt
  // after the previous one ended. True once per streak: when this is the kInARow-th short one in
  // a row.
  bool lost(std::chrono::steady_clock::duration lasted, bool first_try) {
    short_in_a_row_ = lasted < kShort && first_try ? short_in_a_row_ + 1 : 0;
    return short_in_a_row_ == kInARow;
  }

 private:
  int short_in_a_row_ = 0;
};

}  // namespace gpiogw
