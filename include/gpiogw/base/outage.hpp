#pragma once
// How long the broker has been away, for the on_disconnect rules of outputs and PWM channels:
// each rule acts once its grace has passed since the broker was lost.

#include <optional>

#include "gpiogw/base/event_loop.hpp"

namespace gpiogw {

// The earlier of two deadlines, either of which may be missing.
inline std::optional<EventLoop::TimePoint> earliest(std::optional<EventLoop::TimePoint> a,
                                                    std::optional<EventLoop::TimePoint> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

class Outage {
 public:
  // The broker went away (or was never there): graces run from now, unless they run already.
  void lost(EventLoop::TimePoint now) {
    if (!lost_at_) lost_at_ = now;
  }
  void back() { lost_at_.reset(); }
  bool ongoing() const { return lost_at_.has_value(); }
  // When a grace ends; nothing while the broker is there.
  std::optional<EventLoop::TimePoint> grace_end(EventLoop::Duration grace) const {
    if (!lost_at_) return std::nullopt;
    return *lost_at_ + grace;
  }
  bool grace_over(EventLoop::Duration grace, EventLoop::TimePoint now) const {
    return lost_at_ && *lost_at_ + grace <= now;
  }
  // The earliest grace end among `entries`; `pending_grace(entry)` is the entry's grace while its
  // rule has yet to act, else nothing.
  template <typename Entries, typename PendingGrace>
  std::optional<EventLoop::TimePoint> next_grace_end(const Entries& entries,
                                                     PendingGrace pending_grace) const {
    std::optional<EventLoop::TimePoint> next;
    for (const auto& entry : entries) {
      if (const std::optional<EventLoop::Duration> grace = pending_grace(entry))
        next = earliest(next, grace_end(*grace));
    }
    return next;
  }

 private:
  std::optional<EventLoop::TimePoint> lost_at_;
};

}  // namespace gpiogw
