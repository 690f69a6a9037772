#include "gpiogw/gateway/async_reader.hpp"

#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <thread>

using namespace std::chrono_literals;
using gpiogw::AsyncReader;
using gpiogw::EventLoop;
using gpiogw::sensors::Reading;

namespace {

// Blocks each read until released; counts reads and remembers their thread.
struct GatedSource final : gpiogw::sensors::Source {
  GatedSource(std::atomic<bool>& open, std::atomic<int>& reads, std::thread::id& thread)
      : open(&open), reads(&reads), thread(&thread) {}
  std::atomic<bool>* open;
  std::atomic<int>* reads;
  std::thread::id* thread;
  Reading read() override {
    *thread = std::this_thread::get_id();
    while (!open->load()) std::this_thread::sleep_for(1ms);
    return static_cast<double>(++*reads);
  }
};

struct InlineSource final : gpiogw::sensors::Source {
  Reading read() override { return 5.0; }
  bool blocking() const override { return false; }
};

}  // namespace

TEST_CASE("a blocking read runs off the loop, which keeps serving timers", "[async_reader]") {
  EventLoop loop;
  std::atomic<bool> open{false};
  std::atomic<int> reads{0};
  std::thread::id read_thread;
  AsyncReader reader(loop, std::make_unique<GatedSource>(open, reads, read_thread));
  std::vector<double> readings;
  std::thread::id done_thread;
  int ticks = 0;
  auto tick = loop.make_timer([] {});
  tick = loop.make_timer([&] {
    // The loop runs while the read is blocked; after a few ticks the read may finish.
    if (++ticks == 3) open = true;
    tick.arm_after(5ms);
  });
  tick.arm_after(5ms);
  reader.read([&](Reading reading) {
    readings.push_back(std::get<double>(reading));
    done_thread = std::this_thread::get_id();
    loop.exit(0);
  });
  CHECK(reader.busy());
  loop.run();
  CHECK(ticks >= 3);
  CHECK(readings == std::vector<double>{1});
  CHECK_FALSE(reader.busy());
  CHECK(done_thread == std::this_thread::get_id());
  CHECK(read_thread != std::this_thread::get_id());
}

TEST_CASE("a source that never blocks is read at once on the loop thread", "[async_reader]") {
  EventLoop loop;
  AsyncReader reader(loop, std::make_unique<InlineSource>());
  double value = 0;
  reader.read([&](Reading reading) { value = std::get<double>(reading); });
  CHECK(value == 5);
  CHECK_FALSE(reader.busy());
}

TEST_CASE("destroying a reader whose read hangs neither waits nor calls back", "[async_reader]") {
  EventLoop loop;
  std::atomic<bool> open{false};
  std::atomic<int> reads{0};
  std::thread::id read_thread;
  bool called = false;
  {
    AsyncReader reader(loop, std::make_unique<GatedSource>(open, reads, read_thread));
    reader.read([&](Reading) { called = true; });
  }
  open = true;  // the orphaned read ends now; its reading must go nowhere
  auto stop = loop.make_timer([&] { loop.exit(0); });
  stop.arm_after(50ms);
  loop.run();
  CHECK_FALSE(called);
}

namespace {

struct ThrowingSource final : gpiogw::sensors::Source {
  Reading read() override { throw std::runtime_error("out of memory (test)"); }
};

}  // namespace

TEST_CASE("an exception on the reading thread ends the loop with the internal-error code",
          "[async_reader]") {
  EventLoop loop;
  AsyncReader reader(loop, std::make_unique<ThrowingSource>());
  bool called = false;
  reader.read([&](Reading) { called = true; });
  auto give_up = loop.make_timer([&] { loop.exit(0); });
  give_up.arm_after(5s);
  CHECK(loop.run() == gpiogw::kExitSoftware);
  CHECK_FALSE(called);
}
