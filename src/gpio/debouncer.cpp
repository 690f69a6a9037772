#include "gpiogw/gpio/debouncer.hpp"

namespace gpiogw::gpio {

Debouncer::Debouncer(Clock::duration period, bool initial_level)
    : period_(period), published_(initial_level) {}

Debouncer::Clock::time_point Debouncer::on_edge(Clock::time_point now) {
  // Restarting (not keeping) the deadline is what waits for a *stable* level.
  deadline_ = now + period_;
  return *deadline_;
}

std::optional<bool> Debouncer::on_sample(Clock::time_point now, bool level) {
  // A timer armed for an older edge fires early relative to the current deadline: ignore it,
  // the caller has a newer timer for the deadline on_edge returned last.
  if (!deadline_ || now < *deadline_) return std::nullopt;
  deadline_.reset();
  if (level == published_) return std::nullopt;
  published_ = level;
  return level;
}

}  // namespace gpiogw::gpio
