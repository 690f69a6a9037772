#pragma once
// One meter's pulses, as pure logic: the caller owns the clock, the line and the timers. The total
// is an exact 64-bit count of pulses; units (per_pulse) are only applied when shown. Knows nothing
// of MQTT or files.
//
//   edge event  -> if (auto at = counter.on_edge(now, rising, lost)) arm the settle timer at *at
//   timer fires -> counter.on_sample(now, backend.get(line))
//
// Counting: with a software debounce (a period above zero on a backend that does not debounce
// itself) the line must be requested for both edges; every edge restarts the settle time
// (gpio::Debouncer) and a settled level change in the counting direction is one pulse. Otherwise
// every event in the counting direction is one pulse, and the events the kernel dropped (its
// sequence numbers show how many) are counted too, so the total stays exact.
//
// The total never goes down except through set(): a reconciled total from elsewhere (the broker's
// retained one) is only taken when it is higher.

#include <chrono>
#include <cstdint>
#include <optional>

#include "gpiogw/config/counter.hpp"
#include "gpiogw/gpio/debouncer.hpp"

namespace gpiogw::counter {

class PulseCounter {
 public:
  using Clock = std::chrono::steady_clock;

  // `software_debounce`: see above (counts_in_software()). `level`: the line's logical level now.
  PulseCounter(const config::Counter& config, bool software_debounce, bool level,
               std::uint64_t total);

  const config::Counter& config() const { return *config_; }
  // Whether it counts settled levels (gpio::Debouncer) rather than the kernel's edge events.
  bool debounces_in_software() const { return software_debounce_; }

  // An edge event of the line at `now`, in the logical direction `rising`, with `lost` events of
  // the line dropped before it. Returns when to sample the line (software debounce only).
  std::optional<Clock::time_point> on_edge(Clock::time_point now, bool rising, std::uint64_t lost);
  // The settle time armed by on_edge has come and the line reads `level`.
  void on_sample(Clock::time_point now, bool level);

  std::uint64_t total() const { return total_; }
  double units() const { return static_cast<double>(total_) * config_->per_pulse; }
  // The rate in rate_unit at `now`: from the time between the last pulses, lower while the next
  // pulse is later than that, and 0 before two pulses were seen or after rate_timeout without one.
  double rate(Clock::time_point now) const;

  // Takes `total` if it is higher than the count (the broker's retained total after a restart
  // from an older file); returns whether it did.
  bool reconcile(std::uint64_t total);
  // Sets the total, up or down (the meter's display was read); the rate keeps its timing.
  void set(std::uint64_t total) { total_ = total; }

  // Pulses the kernel dropped since the start (counted in the total where the count is exact).
  std::uint64_t lost() const { return lost_; }
  // Once per streak of gaps: the number lost in the gap that started it. A streak ends when an
  // interval passes without a gap.
  std::optional<std::uint64_t> take_new_gap();

 private:
  void count(Clock::time_point now, std::uint64_t pulses);

  const config::Counter* config_;
  bool software_debounce_;
  gpio::Debouncer debouncer_;
  std::uint64_t total_;
  std::optional<Clock::time_point> last_pulse_;
  std::optional<Clock::time_point> previous_pulse_;  // the one before last_pulse_'s batch
  std::uint64_t batch_ = 0;                          // pulses counted at last_pulse_
  std::optional<Clock::duration> period_;            // between the last pulses
  std::uint64_t lost_ = 0;
  std::optional<Clock::time_point> last_gap_;
  std::optional<std::uint64_t> new_gap_;  // not yet taken
};

// Whether `config`'s pulses are debounced here (software) rather than counted straight from the
// events: a debounce period on a backend that does not debounce itself.
bool counts_in_software(const config::Counter& config, bool backend_debounces);

// How to request the counter's line: the counting edge, or both for a software debounce.
gpio::LineSpec line_spec(const config::Counter& config, bool backend_debounces);

// The total's units in pulses (the nearest whole pulse), for a total typed or retained in units;
// nothing for a negative, non-finite or too large value.
std::optional<std::uint64_t> pulses_of(const config::Counter& config, double units);

}  // namespace gpiogw::counter
