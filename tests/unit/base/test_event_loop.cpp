#include "gpiogw/base/event_loop.hpp"

#include <catch2/catch_test_macros.hpp>

#include <sys/eventfd.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("tasks posted from another thread run on the loop thread, in order", "[loop]") {
  gpiogw::EventLoop loop;
  std::vector<int> seen;
  std::thread::id loop_thread;
  std::thread poster([&] {
    for (int i = 0; i < 100; ++i) loop.post([&seen, i] { seen.push_back(i); });
    loop.post([&] {
      loop_thread = std::this_thread::get_id();
      loop.exit(7);
    });
  });
  CHECK(loop.run() == 7);
  poster.join();
  REQUIRE(seen.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(seen[i] == i);
  CHECK(loop_thread == std::this_thread::get_id());
}

TEST_CASE("tasks posted by several threads while the loop drains them all run", "[loop]") {
  // Only a post that finds the queue empty wakes the loop; none may be left behind.
  gpiogw::EventLoop loop;
  constexpr int kPerThread = 20000;
  int ran = 0;
  auto give_up = loop.make_timer([&] { loop.exit(1); });
  give_up.arm_after(10s);
  const auto post_many = [&] {
    for (int i = 0; i < kPerThread; ++i) {
      loop.post([&] {
        if (++ran == 2 * kPerThread) loop.exit(0);
      });
    }
  };
  std::thread first(post_many);
  std::thread second(post_many);
  CHECK(loop.run() == 0);
  first.join();
  second.join();
  CHECK(ran == 2 * kPerThread);
}

TEST_CASE("a timer fires once after its delay, and re-arming moves it", "[loop]") {
  gpiogw::EventLoop loop;
  int fired = 0;
  Clock::time_point fired_at;
  auto timer = loop.make_timer([&] {
    ++fired;
    fired_at = Clock::now();
  });
  auto stop = loop.make_timer([&] { loop.exit(0); });
  const auto start = Clock::now();
  timer.arm_after(10ms);
  timer.arm_after(40ms);  // replaces the first deadline
  CHECK(timer.armed());
  stop.arm_after(120ms);
  loop.run();
  CHECK(fired == 1);
  CHECK(fired_at - start >= 40ms);
  CHECK_FALSE(timer.armed());
}

TEST_CASE("a timer armed at a deadline fires then; a past one at once", "[loop]") {
  gpiogw::EventLoop loop;
  std::vector<Clock::time_point> fired;
  auto timer = loop.make_timer([&] {
    fired.push_back(Clock::now());
    if (fired.size() == 2) loop.exit(0);
  });
  const auto deadline = Clock::now() + 30ms;
  timer.arm_at(deadline);
  auto past = loop.make_timer([&] { timer.arm_at(Clock::now() - 1s); });
  past.arm_at(deadline + 10ms);
  loop.run();
  REQUIRE(fired.size() == 2);
  CHECK(fired[0] >= deadline);
  CHECK(fired[1] >= deadline + 10ms);
}

TEST_CASE("a cancelled timer does not fire", "[loop]") {
  gpiogw::EventLoop loop;
  bool fired = false;
  auto timer = loop.make_timer([&] { fired = true; });
  auto stop = loop.make_timer([&] { loop.exit(0); });
  timer.arm_after(5ms);
  timer.cancel();
  stop.arm_after(30ms);
  loop.run();
  CHECK_FALSE(fired);
}

TEST_CASE("a readable descriptor calls its watcher; dropping the source stops it", "[loop]") {
  gpiogw::EventLoop loop;
  const int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  REQUIRE(fd >= 0);
  int calls = 0;
  gpiogw::EventLoop::Source source = loop.watch_readable(fd, [&] {
    uint64_t value = 0;
    REQUIRE(read(fd, &value, sizeof value) == sizeof value);
    ++calls;
    loop.exit(0);
  });
  const uint64_t one = 1;
  REQUIRE(write(fd, &one, sizeof one) == sizeof one);
  loop.run();
  CHECK(calls == 1);
  close(fd);
}

TEST_CASE("a blocked signal is delivered to the loop", "[loop]") {
  gpiogw::block_termination_signals();
  gpiogw::EventLoop loop;
  bool got = false;
  auto source = loop.on_signal(SIGTERM, [&] {
    got = true;
    loop.exit(0);
  });
  kill(getpid(), SIGTERM);
  loop.run();
  CHECK(got);
}

TEST_CASE("next_on_grid keeps the phase and skips the ticks a busy loop missed", "[loop]") {
  const gpiogw::EventLoop::TimePoint start{};
  CHECK(gpiogw::next_on_grid(start, 10s, start) == start + 10s);
  CHECK(gpiogw::next_on_grid(start + 10s, 10s, start + 12s) == start + 20s);
  CHECK(gpiogw::next_on_grid(start + 10s, 10s, start + 20s) == start + 30s);  // served late
  CHECK(gpiogw::next_on_grid(start + 10s, 10s, start + 47s) == start + 50s);  // 3 ticks missed
}

TEST_CASE("signal_blocked tells a blocked signal from one that is not", "[loop]") {
  // On a thread of its own, so that the test runner's mask stays as it was.
  std::thread([] {
    const int signals[] = {SIGUSR2};
    CHECK_FALSE(gpiogw::signal_blocked(SIGUSR2));
    gpiogw::block_signals(signals);
    CHECK(gpiogw::signal_blocked(SIGUSR2));
  }).join();
}

TEST_CASE("a timer armed at an absolute time fires at or after it", "[loop]") {
  gpiogw::EventLoop loop;
  const auto deadline = Clock::now() + 30ms;
  Clock::time_point fired_at;
  auto timer = loop.make_timer([&] {
    fired_at = Clock::now();
    loop.exit(0);
  });
  timer.arm_at(deadline);
  loop.run();
  CHECK(fired_at >= deadline);
}

TEST_CASE("run_for dispatches for a while and can be called again", "[loop]") {
  gpiogw::EventLoop loop;
  int fired = 0;
  auto timer = loop.make_timer([&] { ++fired; });
  // Wide margins: a loaded CI machine can stall a thread for tens of milliseconds.
  timer.arm_after(300ms);
  const auto start = Clock::now();
  loop.run_for(5ms);
  CHECK(fired == 0);
  loop.run_for(1s);
  CHECK(fired == 1);
  CHECK(Clock::now() - start >= 1005ms);
  timer.arm_after(1ms);
  loop.run_for(20ms);
  CHECK(fired == 2);
}

TEST_CASE("on a manual clock, timers fire at their exact deadlines, in order", "[loop]") {
  gpiogw::EventLoop loop(gpiogw::EventLoop::ManualClock{});
  const auto start = loop.now();
  std::vector<std::pair<std::string, Clock::duration>> fired;
  auto late = loop.make_timer([&] { fired.emplace_back("late", loop.now() - start); });
  auto early = loop.make_timer([&] {
    fired.emplace_back("early", loop.now() - start);
    late.arm_after(1us);  // re-arming from a callback counts from that callback's time
  });
  auto tie = loop.make_timer([&] { fired.emplace_back("tie", loop.now() - start); });
  late.arm_after(50ms);
  early.arm_after(30ms);
  tie.arm_after(30ms);  // equal deadlines fire in the order they were armed
  CHECK(early.deadline() == start + 30ms);
  loop.advance(30ms - 1us);
  CHECK(fired.empty());
  CHECK(loop.now() == start + 30ms - 1us);
  loop.advance(1us);
  CHECK(fired ==
        std::vector<std::pair<std::string, Clock::duration>>{{"early", 30ms}, {"tie", 30ms}});
  loop.advance(1h);
  CHECK(fired.back() == std::pair<std::string, Clock::duration>{"late", 30ms + 1us});
  CHECK(loop.now() == start + 1h + 30ms);
  CHECK_FALSE(late.armed());
}

TEST_CASE("on a manual clock, a cancelled or destroyed timer does not fire", "[loop]") {
  gpiogw::EventLoop loop(gpiogw::EventLoop::ManualClock{});
  int fired = 0;
  auto cancelled = loop.make_timer([&] { ++fired; });
  cancelled.arm_after(1ms);
  cancelled.cancel();
  {
    auto dropped = loop.make_timer([&] { ++fired; });
    dropped.arm_after(1ms);
  }
  auto moved_from = loop.make_timer([&] { ++fired; });
  moved_from.arm_after(1ms);
  auto moved_to = std::move(moved_from);
  loop.advance(1s);
  CHECK(fired == 1);  // only the moved one
}

TEST_CASE("on a manual clock, posted tasks and ready descriptors run without time passing",
          "[loop]") {
  gpiogw::EventLoop loop(gpiogw::EventLoop::ManualClock{});
  const auto start = loop.now();
  const int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  REQUIRE(fd >= 0);
  int reads = 0;
  auto source = loop.watch_readable(fd, [&] {
    uint64_t value = 0;
    REQUIRE(read(fd, &value, sizeof value) == sizeof value);
    ++reads;
  });
  bool posted = false;
  std::thread([&] { loop.post([&] { posted = true; }); }).join();
  const uint64_t one = 1;
  REQUIRE(write(fd, &one, sizeof one) == sizeof one);
  loop.run_pending();
  CHECK(posted);
  CHECK(reads == 1);
  CHECK(loop.now() == start);
  CHECK_THROWS_AS(loop.run_for(1ms), std::logic_error);
  close(fd);
}

TEST_CASE("a callback that throws ends the loop with exit code 70, not through C frames",
          "[loop]") {
  gpiogw::EventLoop loop;
  auto timer = loop.make_timer([] { throw std::runtime_error("a GPIO call failed"); });
  timer.arm_after(1ms);
  CHECK(loop.run() == gpiogw::kExitSoftware);
}

TEST_CASE("on a manual clock, a timer armed in the past fires at once, and time does not go back",
          "[loop]") {
  gpiogw::EventLoop loop(gpiogw::EventLoop::ManualClock{});
  loop.advance(1s);
  const auto armed_at = loop.now();
  Clock::time_point fired_at{};
  auto timer = loop.make_timer([&] { fired_at = loop.now(); });
  timer.arm_at(armed_at - 500ms);
  loop.advance(0us);
  CHECK(fired_at == armed_at);
  CHECK(loop.now() == armed_at);
}
