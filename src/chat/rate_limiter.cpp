#include "gpiogw/chat/rate_limiter.hpp"

#include <algorithm>

namespace gpiogw::chat {
namespace {

// Beyond this many senders, those whose bucket is full again are forgotten (a full bucket carries
// no information), and if that is not enough, the one heard from longest ago: memory stays
// bounded however many names a flood invents.
constexpr std::size_t kMaxSenders = 1024;

}  // namespace

RateLimiter::RateLimiter(int burst, Clock::duration refill_every)
    : burst_(burst), refill_every_(refill_every) {}

void RateLimiter::refill(Bucket& bucket, Clock::time_point now) const {
  const double earned = std::chrono::duration<double>(now - bucket.updated) /
                        std::chrono::duration<double>(refill_every_);
  bucket.tokens = std::min<double>(burst_, bucket.tokens + earned);
  bucket.updated = now;
}

void RateLimiter::forget_idle_senders(Clock::time_point now) {
  for (auto& [sender, bucket] : buckets_) refill(bucket, now);
  std::erase_if(buckets_, [&](const auto& entry) { return entry.second.tokens >= burst_; });
  if (buckets_.size() >= kMaxSenders) {
    buckets_.erase(std::ranges::min_element(
        buckets_, {}, [](const auto& entry) { return entry.second.last_seen; }));
  }
}

RateLimiter::Verdict RateLimiter::check(std::string_view sender, Clock::time_point now) {
  if (buckets_.size() >= kMaxSenders) forget_idle_senders(now);
  auto [found, fresh] =
      buckets_.try_emplace(std::string(sender), Bucket{static_cast<double>(burst_), now, now});
  Bucket& bucket = found->second;
  refill(bucket, now);
  bucket.last_seen = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    bucket.told = false;
    return Verdict::allowed;
  }
  if (bucket.told) return Verdict::refused_silently;
  bucket.told = true;
  return Verdict::refused_tell;
}

}  // namespace gpiogw::chat
