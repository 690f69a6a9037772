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
      room_{static_cast<double>(room.burst), Clock::time_point{}, Clock::time_point{}} {}

void RateLimiter::refill(Bucket& bucket, const Limit& limit, Clock::time_point now) {
  const double earned = std::chrono::duration<double>(now - bucket.updated) /
                        std::chrono::duration<double>(limit.refill_every);
  bucket.tokens = std::min<double>(limit.burst, bucket.tokens + earned);
  bucket.updated = now;
}

RateLimiter::Verdict RateLimiter::refuse(Bucket& bucket, Verdict tell, Verdict silently) {
  if (bucket.told) return silently;
  bucket.told = true;
  return tell;
}

void RateLimiter::forget_idle_senders(Clock::time_point now) {
  for (auto& [sender, bucket] : buckets_) refill(bucket, per_sender_, now);
  std::erase_if(buckets_,
                [&](const auto& entry) { return entry.second.tokens >= per_sender_.burst; });
  if (buckets_.size() >= kMaxSenders) {
    buckets_.erase(std::ranges::min_element(
        buckets_, {}, [](const auto& entry) { return entry.second.last_seen; }));
  }
}

RateLimiter::Verdict RateLimiter::check(std::string_view sender, Clock::time_point now) {
  if (buckets_.size() >= kMaxSenders) forget_idle_senders(now);
  auto [found, fresh] = buckets_.try_emplace(
      std::string(sender), Bucket{static_cast<double>(per_sender_.burst), now, now});
  Bucket& bucket = found->second;
  refill(bucket, per_sender_, now);
  bucket.last_seen = now;
  if (bucket.tokens < 1.0) return refuse(bucket, Verdict::refused_tell, Verdict::refused_silently);
  // The sender keeps its token when the room is busy: the room refused, not its own rate.
  refill(room_, room_limit_, now);
  if (room_.tokens < 1.0)
    return refuse(room_, Verdict::room_busy_tell, Verdict::room_busy_silently);
  bucket.tokens -= 1.0;
  bucket.told = false;
  room_.tokens -= 1.0;
  room_.told = false;
  return Verdict::allowed;
}

}  // namespace gpiogw::chat
