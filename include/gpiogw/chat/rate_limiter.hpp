#pragma once
// Token buckets for chat commands: each sender may send a burst of commands, then one every so
// often; and the whole room together may too, so that a flood under thousands of invented names
// cannot run thousands of commands. A refusal is told once per streak of refusals, not once per
// line, so a flood cannot make the gateway flood the room in turn.

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gpiogw::chat {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // `burst` commands at once, then one every `refill_every`.
  struct Limit {
    int burst;
    Clock::duration refill_every;
  };
  enum class Verdict {
    allowed,
    refused_tell,       // this sender is over its limit: the first refusal of its streak
    refused_silently,   // ...and the rest of the streak
    room_busy_tell,     // the room as a whole is over its limit: the first refusal of the streak
    room_busy_silently  // ...and the rest of the streak
  };

  RateLimiter(Limit per_sender, Limit room);

  Verdict check(std::string_view sender, Clock::time_point now);
  std::size_t senders_tracked() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;    // tokens are counted up to here
    Clock::time_point last_seen;  // the sender's latest line
    bool told = false;
  };
  static void refill(Bucket& bucket, const Limit& limit, Clock::time_point now);
  static Verdict refuse(Bucket& bucket, Verdict tell, Verdict silently);
  void forget_idle_senders(Clock::time_point now);

  Limit per_sender_;
  Limit room_limit_;
  Bucket room_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace gpiogw::chat
