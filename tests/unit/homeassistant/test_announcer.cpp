#include "gpiogw/homeassistant/announcer.hpp"

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::homeassistant::Announcer;

namespace {

gpiogw::config::Config one_output() {
  gpiogw::config::Config config;
  config.gateway.name = "kitchen";
  config.outputs.push_back({.name = "relay1", .line = 17U, .max_on = std::nullopt});
  return config;
}

// A gateway with one output, and when the announcer sent its configs and asked for the states.
struct Bench {
  EventLoop loop{EventLoop::ManualClock{}};
  const EventLoop::TimePoint start = loop.now();
  gpiogw::config::Config config = one_output();
  gpiogw::Topics topics{"gpiogw/kitchen"};
  std::vector<EventLoop::Duration> announced;  // one entry per config message
  std::vector<EventLoop::Duration> republished;
  Announcer announcer{
      config, topics, loop,
      [this](const std::string&, const std::string&) { announced.push_back(loop.now() - start); },
      [this] { republished.push_back(loop.now() - start); }};
};

using Times = std::vector<EventLoop::Duration>;

}  // namespace

TEST_CASE("a connect announces at once; Home Assistant's birth after a random whole-ms wait",
          "[ha]") {
  Bench bench;
  bench.announcer.on_connected();
  REQUIRE_FALSE(bench.announced.empty());
  const auto per_round = bench.announced.size();
  CHECK(bench.announced == Times(per_round, 0s));
  CHECK(bench.republished.empty());

  bench.loop.advance(1h);
  bench.announcer.on_birth("online");
  bench.loop.advance(Announcer::kBirthDelayMin - 1us);
  CHECK(bench.announced.size() == per_round);
  CHECK(bench.republished.empty());
  // More births while waiting, and other payloads, add nothing.
  bench.announcer.on_birth("online");
  bench.announcer.on_birth("offline");
  bench.loop.advance(Announcer::kBirthDelayMax - Announcer::kBirthDelayMin + 1us);
  REQUIRE(bench.republished.size() == 1);
  const auto waited = bench.republished.front() - 1h;
  CHECK(waited >= Announcer::kBirthDelayMin);
  CHECK(waited <= Announcer::kBirthDelayMax);
  CHECK(waited % 1ms == 0ns);  // the timer fired exactly at the drawn delay
  // The configs went out then too, before the states, all of them.
  CHECK(bench.announced == [&] {
    Times expected(per_round, 0s);
    expected.insert(expected.end(), per_round, 1h + waited);
    return expected;
  }());

  // Once done, the next birth is answered again.
  bench.loop.advance(1h);
  bench.announcer.on_birth("online");
  bench.loop.advance(Announcer::kBirthDelayMax);
  CHECK(bench.republished.size() == 2);
  CHECK(bench.announced.size() == 3 * per_round);
}

TEST_CASE("a birth that is not \"online\" is no birth", "[ha]") {
  Bench bench;
  bench.announcer.on_birth("offline");
  bench.announcer.on_birth("Online");
  bench.loop.advance(1h);
  CHECK(bench.announced.empty());
  CHECK(bench.republished.empty());
}
