#include "gpiogw/chat/rate_limiter.hpp"

#include <algorithm>

namespace gpiogw::chat {
namespace {

// Beyond this many senders, those whose bucket is full again are forgotten (a full bucket carries
// no information), and if that is not enough, the one heard from longest ago: memory stays
// bounded however many names a flood invents.
constexpr std::size_t kMaxSenders = 1024;

}  // namespace

RateLimiter::RateLimiter(Limit per_sender, Limit room)
    : per_sender_(per_sender),
      room_limit_(room),
      room_{full(room), Clock::time_point{}, Clock::time_point{}} {}

RateLimiter::Clock::duration RateLimiter::full(const Limit& limit) {
  return limit.burst * limit.refill_every;
}

void RateLimiter::refill(Bucket& bucket, const Limit& limit, Clock::time_point now) {
  bucket.credit = std::min(full(limit), bucket.credit + (now - bucket.updated));
  bucket.updated = now;
}

bool RateLimiter::has_token(const Bucket& bucket, const Limit& limit) {
  return bucket.credit >= limit.refill_every;
}

RateLimiter::Verdict RateLimiter::refuse(Bucket& bucket, Verdict tell, Verdict silently) {
  if (bucket.told) return silently;
  bucket.told = true;
  return tell;
}

void RateLimiter::forget_idle_senders(Clock::time_point now) {
  for (auto& [sender, bucket] : buckets_) refill(bucket, per_sender_, now);
  std::erase_if(buckets_,
                [&](const auto& entry) { return entry.second.credit >= full(per_sender_); });
  if (buckets_.size() >= kMaxSenders) {
    buckets_.erase(std::ranges::min_element(
        buckets_, {}, [](const auto& entry) { return entry.second.last_seen; }));
  }
}

RateLimiter::Verdict RateLimiter::check(std::string_view sender, Clock::time_point now) {
  if (buckets_.size() >= kMaxSenders) forget_idle_senders(now);
  auto [found, fresh] =
      buckets_.try_emplace(std::string(sender), Bucket{full(per_sender_), now, now});
  Bucket& bucket = found->second;
  refill(bucket, per_sender_, now);
  bucket.last_seen = now;
  if (!has_token(bucket, per_sender_))
    return refuse(bucket, Verdict::refused_tell, Verdict::refused_silently);
  // The sender keeps its token when the room is busy: the room refused, not its own rate.
  refill(room_, room_limit_, now);
  if (!has_token(room_, room_limit_))
    return refuse(room_, Verdict::room_busy_tell, Verdict::room_busy_silently);
  bucket.credit -= per_sender_.refill_every;
  bucket.told = false;
  room_.credit -= room_limit_.refill_every;
  room_.told = false;
  return Verdict::allowed;
}

}  // namespace gpiogw::chat
