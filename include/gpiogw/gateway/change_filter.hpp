#pragma once
// Which sensor readings get published: every one, or with min_delta only those that moved by at
// least min_delta from the last published value, yet at least one every max_silence (a heartbeat,
// so that a steady value still shows the sensor is alive).

#include <chrono>
#include <optional>

namespace gpiogw {

class ChangeFilter {
 public:
  using Clock = std::chrono::steady_clock;

  ChangeFilter(std::optional<double> min_delta, Clock::duration max_silence);

  // Whether to publish `value` (already rounded as it will be published); remembers it if so.
  bool pass(double value, Clock::time_point now);
  // The next value passes, e.g. after a reconnect, when the last publish may have been lost.
  void reset() { last_.reset(); }

 private:
  std::optional<double> min_delta_;
  Clock::duration max_silence_;
  struct Published {
    double value;
    Clock::time_point at;
  };
  std::optional<Published> last_;
};

}  // namespace gpiogw
