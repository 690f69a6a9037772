#pragma once
// Software debounce for one input (libgpiod v1 has no kernel debounce): every edge restarts a
// settle timer; when it expires the line is sampled and the level is published only if it differs
// from the last published one. So a burst of bounces yields exactly one message carrying the final,
// settled level, and a bounce that returns to the old level yields none.
//
// Pure logic: the caller owns the clock and the timer. Typical use in the event loop:
//   edge event  -> arm (or re-arm) the line's timer for on_edge(now)
//   timer fires -> if (auto level = on_sample(now, backend.get(i))) publish(*level)
// A period of zero makes on_edge return `now`, i.e. sample at once.

#include <chrono>
#include <optional>

namespace gpiogw::gpio {

class Debouncer {
 public:
  using Clock = std::chrono::steady_clock;

  // `initial_level` is the logical level already published (read when the line was requested).
  Debouncer(Clock::duration period, bool initial_level);

  // An edge was seen at `now`; returns when the line should be sampled (now + period). Every
  // call moves the deadline, so earlier timers become stale.
  Clock::time_point on_edge(Clock::time_point now);

  // The sample time has come (the caller's timer fired at `now`) and the line reads `level`.
  // Returns the level to publish, or nothing if it is unchanged, if a later edge moved the
  // deadline past `now` (a stale timer), or if no edge is pending.
  std::optional<bool> on_sample(Clock::time_point now, bool level);

  bool published_level() const { return published_; }
  bool pending() const { return deadline_.has_value(); }

 private:
  Clock::duration period_;
  bool published_;
  std::optional<Clock::time_point> deadline_;
};

}  // namespace gpiogw::gpio
