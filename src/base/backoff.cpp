#include "gpiogw/base/backoff.hpp"

#include <algorithm>

namespace gpiogw {

Backoff::Backoff(Duration first, Duration cap, std::uint32_t seed)
    : first_(first), cap_(cap), current_(first), random_(seed) {}

Backoff::Duration Backoff::next() {
  const Duration base = current_;
  current_ = std::min(current_ * 2, cap_);
  std::uniform_int_distribution<Duration::rep> jitter(0, base.count() / 5);
  return base - Duration(jitter(random_));
}

void Backoff::reset() {
  current_ = first_;
}

}  // namespace gpiogw
