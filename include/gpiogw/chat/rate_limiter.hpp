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
  // Tokens are counted in time, a token being `refill_every` of it: integer clock ticks add up
  // exactly, so a token is back exactly one period after it was spent, however many checks fell
  // in between (fractions of a token in floating point do not: ten times 0.1 is less than 1).
  struct Bucket {
    Clock::duration credit;       // burst * refill_every when full
    Clock::time_point updated;    // credit is counted up to here
    Clock::time_point last_seen;  // the sender's latest line
    bool told = false;
  };
  static Clock::duration full(const Limit& limit);
  static void refill(Bucket& bucket, const Limit& limit, Clock::time_point now);
  static bool has_token(const Bucket& bucket, const Limit& limit);
  static Verdict refuse(Bucket& bucket, Verdict tell, Verdict silently);
  void forget_idle_senders(Clock::time_point now);

  Limit per_sender_;
  Limit room_limit_;
  Bucket room_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace gpiogw::chat
