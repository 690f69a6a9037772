#include "gpiogw/counter/pulse_counter.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace gpiogw::counter {

PulseCounter::PulseCounter(const config::Counter& config, bool software_debounce, bool level,
                           std::uint64_t total)
    : config_(&config),
      software_debounce_(software_debounce),
      debouncer_(config.debounce, level),
      total_(total) {}

std::optional<PulseCounter::Clock::time_point> PulseCounter::on_edge(Clock::time_point now,
                                                                     bool rising,
                                                                     std::uint64_t lost) {
  if (lost > 0) {
    lost_ += lost;
    const bool streak_goes_on = last_gap_ && now - *last_gap_ < config_->interval;
    if (!streak_goes_on) new_gap_ = lost;
    last_gap_ = now;
  }
  if (software_debounce_) return debouncer_.on_edge(now);
  // Dropped events were edges in the counting direction too: the kernel numbers only those.
  if (gpio::edge_matches(config_->edge, rising)) count(now, 1 + lost);
  return std::nullopt;
}

void PulseCounter::on_sample(Clock::time_point now, bool level) {
  if (const auto settled = debouncer_.on_sample(now, level)) {
    if (gpio::edge_matches(config_->edge, *settled)) count(now, 1);
  }
}

void PulseCounter::count(Clock::time_point now, std::uint64_t pulses) {
  total_ += pulses;
  // Pulses read in one batch arrive at the same instant: spread the time since the pulse before
  // them over all of them.
  if (last_pulse_ && now == *last_pulse_) {
    batch_ += pulses;
  } else {
    previous_pulse_ = last_pulse_;
    last_pulse_ = now;
    batch_ = pulses;
  }
  if (previous_pulse_)
    period_ = (*last_pulse_ - *previous_pulse_) / static_cast<Clock::rep>(batch_);
}

double PulseCounter::rate(Clock::time_point now) const {
  if (!period_ || !last_pulse_ || now - *last_pulse_ >= config_->rate_timeout) return 0.0;
  // No pulse for longer than the last period: the flow is at most one pulse per that time.
  const auto period = std::max(*period_, now - *last_pulse_);
  const double seconds = std::chrono::duration<double>(period).count();
  return config_->rate_scale / seconds;
}

bool PulseCounter::reconcile(std::uint64_t total) {
  if (total <= total_) return false;
  total_ = total;
  return true;
}

std::optional<std::uint64_t> PulseCounter::take_new_gap() {
  return std::exchange(new_gap_, std::nullopt);
}

bool counts_in_software(const config::Counter& config, bool backend_debounces) {
  return !backend_debounces && config.debounce > std::chrono::milliseconds::zero();
}

gpio::LineSpec line_spec(const config::Counter& config, bool backend_debounces) {
  return {.name = config.name,
          .line = config.line,
          .direction = gpio::Direction::input,
          .active_low = config.active_low,
          .bias = config.bias,
          .edge = counts_in_software(config, backend_debounces) ? gpio::Edge::both : config.edge,
          .debounce = config.debounce};
}

std::optional<std::uint64_t> pulses_of(const config::Counter& config, double units) {
  const double pulses = std::round(units / config.per_pulse);
  // 2^63: far beyond any meter, and exact in a double.
  constexpr double kLimit = 9223372036854775808.0;
  if (!std::isfinite(pulses) || pulses < 0 || pulses >= kLimit) return std::nullopt;
  return static_cast<std::uint64_t>(pulses);
}

}  // namespace gpiogw::counter
