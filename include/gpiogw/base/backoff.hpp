#pragma once
// Capped exponential back-off with jitter, for reconnecting to the broker: 1 s, 2 s, 4 s ... up to
// the cap, each delay randomly shortened by up to a fifth so that a fleet does not retry in step.

#include <chrono>
#include <random>

namespace gpiogw {

class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  Backoff(Duration first, Duration cap, std::uint32_t seed = std::random_device{}());

  Duration next();  // the delay before the next attempt; grows each call
  void reset();     // after a success

 private:
  Duration first_;
  Duration cap_;
  Duration current_;
  std::minstd_rand random_;
};

}  // namespace gpiogw
