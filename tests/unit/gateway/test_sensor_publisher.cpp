#include "gpiogw/gateway/sensor_publisher.hpp"

#include <catch2/catch_test_macros.hpp>

#include <thread>
#include <vector>

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::SensorPublisher;

namespace {

// One randint sensor that always reads 3 (it never blocks: it is read on the loop, at the tick),
// and what it published, with the loop's time of each publish.
struct Bench {
  explicit Bench(EventLoop& loop, gpiogw::config::Sensor sensor) : loop(loop) {
    sensor.name = "dice";
    sensor.source = gpiogw::config::RandintSensor{.min = 3, .max = 3, .seed = std::nullopt};
    config.sensors = {sensor};
    publisher.emplace(config, gpiogw::Topics("gpiogw/test"), loop,
                      [this](const std::string& topic, std::string_view payload, bool) {
                        CHECK(topic == "gpiogw/test/sensor/dice");
                        CHECK(payload == "3");
                        published.push_back(this->loop.now() - start);
                      });
  }
  EventLoop& loop;
  const EventLoop::TimePoint start = loop.now();
  gpiogw::config::Config config;
  std::optional<SensorPublisher> publisher;
  std::vector<EventLoop::Duration> published;  // since the bench was made
};

gpiogw::config::Sensor every(gpiogw::config::Duration interval) {
  gpiogw::config::Sensor sensor;
  sensor.interval = interval;
  return sensor;
}

gpiogw::config::Sensor every(gpiogw::config::Duration interval, double min_delta,
                             gpiogw::config::Duration max_silence) {
  auto sensor = every(interval);
  sensor.min_delta = min_delta;
  sensor.max_silence = max_silence;
  return sensor;
}

using Times = std::vector<EventLoop::Duration>;

}  // namespace

TEST_CASE("readings are taken on the first connect, then exactly every interval", "[sensors]") {
  EventLoop loop{EventLoop::ManualClock{}};
  Bench bench(loop, every(10s));
  loop.advance(1h);  // nothing is read before the first connect
  CHECK(bench.published.empty());
  bench.publisher->on_connected();
  CHECK(bench.published == Times{1h});
  loop.advance(10s - 1us);
  CHECK(bench.published == Times{1h});
  loop.advance(1us);
  CHECK(bench.published == Times{1h, 1h + 10s});
  loop.advance(35s);
  CHECK(bench.published == Times{1h, 1h + 10s, 1h + 20s, 1h + 30s, 1h + 40s});
}

TEST_CASE("a reconnect sends the last reading again, neither reads at once nor moves the grid",
          "[sensors]") {
  EventLoop loop{EventLoop::ManualClock{}};
  Bench bench(loop, every(10s));
  bench.publisher->on_connected();
  loop.advance(7s);
  bench.publisher->on_connected();
  CHECK(bench.published == Times{0s, 7s});
  loop.advance(3s - 1us);
  CHECK(bench.published == Times{0s, 7s});
  loop.advance(1us);
  CHECK(bench.published == Times{0s, 7s, 10s});
}

TEST_CASE("max_silence repeats a steady value at the first reading at or after it", "[sensors]") {
  EventLoop loop{EventLoop::ManualClock{}};
  SECTION("a reading exactly max_silence after the last publish passes") {
    Bench bench(loop, every(10s, 1.0, 30s));
    bench.publisher->on_connected();
    loop.advance(70s);
    CHECK(bench.published == Times{0s, 30s, 60s});
  }
  SECTION("a millisecond (the config's resolution) short of it waits for the next reading") {
    Bench bench(loop, every(10s, 1.0, 30s + 1ms));
    bench.publisher->on_connected();
    loop.advance(90s);
    CHECK(bench.published == Times{0s, 40s, 80s});
  }
}

TEST_CASE("after a reconnect the next reading passes the change filter", "[sensors]") {
  // The last publish may have been lost with the connection.
  EventLoop loop{EventLoop::ManualClock{}};
  Bench bench(loop, every(10s, 1.0, 1h));
  bench.publisher->on_connected();
  loop.advance(25s);
  CHECK(bench.published == Times{0s});
  bench.publisher->on_connected();  // sends the last reading again, at once
  loop.advance(5s);
  CHECK(bench.published == Times{0s, 25s, 30s});
  loop.advance(30s);
  CHECK(bench.published == Times{0s, 25s, 30s});
}

// On the manual clock every timer fires at its deadline, so no tick is ever late: a loop that fell
// behind needs real time, and a callback that holds the loop up. Margins of 300 ms for a busy
// machine.
TEST_CASE("ticks a stalled loop missed are skipped, and the grid keeps its phase", "[sensors]") {
  EventLoop loop;
  Bench bench(loop, every(600ms));
  bench.publisher->on_connected();
  auto stall = loop.make_timer([] { std::this_thread::sleep_for(1400ms); });
  stall.arm_after(100ms);  // the loop is held up from 100 ms to 1500 ms
  // The tick due at 600 ms runs late, at about 1500 ms; the one due at 1200 ms is skipped, not
  // made up for at once; the next is at 1800 ms, on the grid, not 600 ms after the late one.
  loop.run_for(2100ms);
  REQUIRE(bench.published.size() == 3);
  CHECK(bench.published[1] >= 1500ms);
  const auto gap = bench.published[2] - bench.published[1];
  CHECK(gap > 100ms);
  CHECK(gap < 600ms);
}
