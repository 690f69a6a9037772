#include "gpiogw/gateway/health.hpp"

#include <catch2/catch_test_macros.hpp>

#include <map>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::Health;

namespace {

// Each round of health messages, with the loop's time it was sent at.
struct Rounds {
  explicit Rounds(EventLoop& loop) : loop(loop) {}
  EventLoop& loop;
  const EventLoop::TimePoint start = loop.now();
  std::vector<EventLoop::Duration> at;
  std::map<std::string, std::string> last;
  Health::Publish publish() {
    return [this](const std::string& name, const std::string& value) {
      if (name == "uptime") at.push_back(loop.now() - start);
      last[name] = value;
    };
  }
};

using Times = std::vector<EventLoop::Duration>;

}  // namespace

TEST_CASE("health is published on connect, then exactly every 60 s while connected", "[health]") {
  EventLoop loop{EventLoop::ManualClock{}};
  Rounds rounds(loop);
  Health health(loop, rounds.publish());
  loop.advance(10s);
  CHECK(rounds.at.empty());  // nothing before the first connect
  health.connected();
  CHECK(rounds.at == Times{10s});
  CHECK(rounds.last["uptime"] == "10");
  CHECK(rounds.last["reconnects"] == "0");
  loop.advance(Health::kInterval - 1us);
  CHECK(rounds.at == Times{10s});
  loop.advance(1us);
  CHECK(rounds.at == Times{10s, 70s});
  CHECK(rounds.last["uptime"] == "70");
  loop.advance(2 * Health::kInterval);
  CHECK(rounds.at == Times{10s, 70s, 130s, 190s});
}

TEST_CASE("a disconnect stops the rounds; a reconnect counts and starts them anew", "[health]") {
  EventLoop loop{EventLoop::ManualClock{}};
  Rounds rounds(loop);
  Health health(loop, rounds.publish());
  health.connected();
  loop.advance(30s);
  health.disconnected();
  loop.advance(1h);
  CHECK(rounds.at == Times{0s});
  health.error("the broker went away");
  health.connected();
  CHECK(rounds.at == Times{0s, 3630s});
  CHECK(rounds.last["reconnects"] == "1");
  CHECK(rounds.last["last_error"] == "the broker went away");
  CHECK(rounds.last["uptime"] == "3630");
  loop.advance(Health::kInterval);
  CHECK(rounds.at == Times{0s, 3630s, 3690s});
  // A connect while connected (the broker dropped and came back at once) restarts the interval.
  loop.advance(15s);
  health.connected();
  loop.advance(Health::kInterval - 1us);
  CHECK(rounds.at == Times{0s, 3630s, 3690s, 3705s});
  loop.advance(1us);
  CHECK(rounds.at == Times{0s, 3630s, 3690s, 3705s, 3765s});
}
