#pragma once
// Per-sender token bucket for chat commands: a burst of `burst` commands, then one every
// `refill_every`. A refused sender is told once per streak of refusals, not once per line, so a
// flood cannot make the gateway flood the room in turn.

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gpiogw::chat {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Verdict { allowed, refused_tell, refused_silently };

  RateLimiter(int burst, Clock::duration refill_every);

  Verdict check(std::string_view sender, Clock::time_point now);
  std::size_t senders_tracked() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;    // tokens are counted up to here
    Clock::time_point last_seen;  // the sender's latest line
    bool told = false;
  };
  void refill(Bucket& bucket, Clock::time_point now) const;
  void forget_idle_senders(Clock::time_point now);

  int burst_;
  Clock::duration refill_every_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace gpiogw::chat
