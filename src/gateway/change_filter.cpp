#include "gpiogw/gateway/change_filter.hpp"

#include <algorithm>
#include <cmath>

namespace gpiogw {
namespace {

// Rounded values carry binary noise: 23.2 - 23.1 is 0.0999...; a step of min_delta must count.
constexpr double kRelativeSlack = 1e-9;

}  // namespace

ChangeFilter::ChangeFilter(std::optional<double> min_delta, Clock::duration max_silence)
    : min_delta_(min_delta), max_silence_(max_silence) {}

bool ChangeFilter::pass(double value, Clock::time_point now) {
  bool publish = !min_delta_ || !last_ || now - last_->at >= max_silence_;
  if (!publish) {
    const double delta = std::abs(value - last_->value);
    const double slack = kRelativeSlack * std::max({1.0, std::abs(value), *min_delta_});
    // min_delta = 0 means "on any change".
    publish = delta != 0 && delta + slack >= *min_delta_;
  }
  if (publish) last_ = Published{value, now};
  return publish;
}

}  // namespace gpiogw
