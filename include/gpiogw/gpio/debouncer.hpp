#pragma once
// Software debounce for one input (libgpiod v1 has no kernel debounce): every edge restarts a
// settle timer; when it expires the line is sampled and the level is published only if it differs
// from the last published one. So a burst of bounces yields exactly one message carrying the final,
// settled level, and a bounce that returns to the old level yields none.

#include <chrono>
#include <optional>

namespace gpiogw::gpio {

class Debouncer {
 public:
  using Clock = std::chrono::steady_clock;

  Debouncer(Clock::duration period, bool initial_level);

  // An edge was seen at `now`; returns when the line should be sampled.
  Clock::time_point on_edge(Clock::time_point now);

  // The sample time has come (the caller's timer fired at `now`) and the line reads `level`.
  // Returns the level to publish, or nothing if it is unchanged or a later edge moved the deadline.
  std::optional<bool> on_sample(Clock::time_point now, bool level);

  bool published_level() const { return published_; }
  bool pending() const { return deadline_.has_value(); }

 private:
  Clock::duration period_;
  bool published_;
  std::optional<Clock::time_point> deadline_;
};

}  // namespace gpiogw::gpio
