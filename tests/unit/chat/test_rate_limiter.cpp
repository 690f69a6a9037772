#include "gpiogw/chat/rate_limiter.hpp"

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using gpiogw::chat::RateLimiter;
using Verdict = RateLimiter::Verdict;

TEST_CASE("a burst is allowed, then one per refill period, and a flood is told once", "[chat]") {
  RateLimiter limiter({3, 1s}, {100, 1ms});  // a room bound that never bites here
  const RateLimiter::Clock::time_point t0{};
  for (int i = 0; i < 3; ++i) CHECK(limiter.check("alice", t0) == Verdict::allowed);
  CHECK(limiter.check("alice", t0) == Verdict::refused_tell);
  CHECK(limiter.check("alice", t0 + 100ms) == Verdict::refused_silently);
  CHECK(limiter.check("alice", t0 + 200ms) == Verdict::refused_silently);
  // Another sender has a bucket of its own.
  CHECK(limiter.check("bob", t0) == Verdict::allowed);
  // One token back after a second; the next refusal is told again.
  CHECK(limiter.check("alice", t0 + 1s) == Verdict::allowed);
  CHECK(limiter.check("alice", t0 + 1s) == Verdict::refused_tell);
  // A long pause refills the whole burst, no more.
  for (int i = 0; i < 3; ++i) CHECK(limiter.check("alice", t0 + 60s) == Verdict::allowed);
  CHECK(limiter.check("alice", t0 + 60s) == Verdict::refused_tell);
}

TEST_CASE("invented sender names cannot grow memory without bound", "[chat]") {
  RateLimiter limiter({2, 1s}, {100'000, 1ms});
  const RateLimiter::Clock::time_point t0{};
  // Drained buckets are kept (they hold information)...
  CHECK(limiter.check("flooder", t0) == Verdict::allowed);
  CHECK(limiter.check("flooder", t0) == Verdict::allowed);
  for (int i = 0; i < 5000; ++i) limiter.check("name" + std::to_string(i), t0 + 10s);
  // ...until there are too many and they are full again.
  CHECK(limiter.senders_tracked() <= 1024);
  CHECK(limiter.check("flooder", t0 + 10s) == Verdict::allowed);
}

TEST_CASE("many senders together are held to the room's bound, told once per streak", "[chat]") {
  RateLimiter limiter({5, 2s}, {20, 200ms});
  const RateLimiter::Clock::time_point t0{};
  // A flood under invented names: each name is within its own limit, the room is not.
  std::vector<Verdict> verdicts;
  for (int i = 0; i < 3000; ++i) verdicts.push_back(limiter.check("name" + std::to_string(i), t0));
  CHECK(std::ranges::count(verdicts, Verdict::allowed) == 20);
  CHECK(verdicts[20] == Verdict::room_busy_tell);
  CHECK(std::ranges::count(verdicts, Verdict::room_busy_tell) == 1);
  CHECK(std::ranges::count(verdicts, Verdict::room_busy_silently) == 3000 - 21);
  // The room refills at its own pace: one command per 200 ms, whoever sends it.
  CHECK(limiter.check("alice", t0 + 100ms) == Verdict::room_busy_silently);
  CHECK(limiter.check("alice", t0 + 200ms) == Verdict::allowed);
  CHECK(limiter.check("bob", t0 + 200ms) == Verdict::room_busy_tell);  // a new streak is told
  // A refusal by the room does not cost the sender its own tokens: bob still has his burst.
  for (int i = 0; i < 5; ++i) CHECK(limiter.check("bob", t0 + 10s) == Verdict::allowed);
  // And the per-sender limit still holds inside the room's bound.
  CHECK(limiter.check("bob", t0 + 10s) == Verdict::refused_tell);
}

TEST_CASE("a token comes back exactly at the refill period, not a microsecond before", "[chat]") {
  RateLimiter limiter({1, 2s}, {100, 1ms});
  const RateLimiter::Clock::time_point t0{};
  CHECK(limiter.check("alice", t0) == Verdict::allowed);
  CHECK(limiter.check("alice", t0 + 2s - 1us) == Verdict::refused_tell);
  CHECK(limiter.check("alice", t0 + 2s) == Verdict::allowed);
  // The next one is due 2 s after that token, however the refused lines fell in between.
  CHECK(limiter.check("alice", t0 + 4s - 1us) == Verdict::refused_tell);
  CHECK(limiter.check("alice", t0 + 4s) == Verdict::allowed);
}

TEST_CASE("refused lines in between do not delay the refill by a rounding error", "[chat]") {
  // Each check counts what was earned since the last one: ten checks 200 ms apart must add up to
  // exactly one token at 2 s (in floating point, ten times 0.1 falls short of 1).
  RateLimiter limiter({1, 2s}, {100, 1ms});
  const RateLimiter::Clock::time_point t0{};
  CHECK(limiter.check("alice", t0) == Verdict::allowed);
  for (int i = 1; i < 10; ++i) CHECK(limiter.check("alice", t0 + i * 200ms) != Verdict::allowed);
  CHECK(limiter.check("alice", t0 + 2s) == Verdict::allowed);
  // The same for the room's bucket, refilled by lines from many senders.
  RateLimiter room({100, 1s}, {1, 2s});
  CHECK(room.check("name0", t0) == Verdict::allowed);
  for (int i = 1; i < 10; ++i)
    CHECK(room.check("name" + std::to_string(i), t0 + i * 200ms) != Verdict::allowed);
  CHECK(room.check("bob", t0 + 2s - 1us) == Verdict::room_busy_silently);
  CHECK(room.check("bob", t0 + 2s) == Verdict::allowed);
}

TEST_CASE("a refill never earns more than the burst, to the microsecond", "[chat]") {
  RateLimiter limiter({2, 1s}, {100, 1ms});
  const RateLimiter::Clock::time_point t0{};
  CHECK(limiter.check("alice", t0) == Verdict::allowed);
  CHECK(limiter.check("alice", t0) == Verdict::allowed);
  // 1.5 periods: one token and half of the next.
  CHECK(limiter.check("alice", t0 + 1500ms) == Verdict::allowed);
  CHECK(limiter.check("alice", t0 + 1500ms) == Verdict::refused_tell);
  CHECK(limiter.check("alice", t0 + 2s - 1us) == Verdict::refused_silently);
  CHECK(limiter.check("alice", t0 + 2s) == Verdict::allowed);
  // An hour idle refills the burst of two and no third.
  CHECK(limiter.check("alice", t0 + 1h) == Verdict::allowed);
  CHECK(limiter.check("alice", t0 + 1h) == Verdict::allowed);
  CHECK(limiter.check("alice", t0 + 1h) == Verdict::refused_tell);
  CHECK(limiter.check("alice", t0 + 1h + 1s - 1us) == Verdict::refused_silently);
  CHECK(limiter.check("alice", t0 + 1h + 1s) == Verdict::allowed);
}
