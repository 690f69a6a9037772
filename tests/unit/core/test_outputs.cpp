#include "gpiogw/core/outputs.hpp"

#include <catch2/catch_test_macros.hpp>

#include "gpiogw/gpio/mock_backend.hpp"

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::Outputs;

namespace {

// Two outputs on the in-process mock, and a record of every change reported.
struct Bench {
  explicit Bench(std::optional<std::chrono::milliseconds> max_on = std::nullopt) {
    config.push_back({.name = "relay1", .line = 17U, .max_on = max_on});
    config.push_back({.name = "Pump", .line = 18U, .max_on = std::nullopt});
    std::vector<gpiogw::gpio::LineSpec> specs;
    for (const auto& output : config) {
      specs.push_back(
          {.name = output.name, .line = output.line, .direction = gpiogw::gpio::Direction::output});
    }
    gpio.request(specs);
    outputs.emplace(config, 0, gpio, loop, [this](const Outputs::Output& output, bool level) {
      changes.push_back(output.config->name + (level ? " ON" : " OFF"));
    });
  }
  Outputs::Output& relay() { return *outputs->find("relay1"); }
  // Runs the loop for `duration`, then reports whether relay1 is on.
  bool relay_after(std::chrono::milliseconds duration) {
    loop.run_for(duration);
    return outputs->level(relay());
  }

  std::vector<gpiogw::config::Output> config;
  gpiogw::gpio::MockBackend gpio{{}};
  EventLoop loop;
  std::optional<Outputs> outputs;
  std::vector<std::string> changes;
};

}  // namespace

TEST_CASE("outputs are found by exact name, else ignoring case", "[outputs]") {
  Bench bench;
  CHECK(bench.outputs->find("relay1")->config->name == "relay1");
  CHECK(bench.outputs->find("RELAY1")->config->name == "relay1");
  CHECK(bench.outputs->find("pump")->config->name == "Pump");
  CHECK(bench.outputs->find("relay9") == nullptr);
}

TEST_CASE("drive and toggle set the line and report every command", "[outputs]") {
  Bench bench;
  bench.outputs->drive(bench.relay(), true, "test");
  bench.outputs->drive(bench.relay(), true, "test");  // no change, still answered
  bench.outputs->toggle(bench.relay(), "test");
  CHECK(bench.changes == std::vector<std::string>{"relay1 ON", "relay1 ON", "relay1 OFF"});
  const auto& writes = bench.gpio.writes();
  REQUIRE(writes.size() >= 3);
  CHECK(writes.back().offset == 17);
  CHECK_FALSE(writes.back().physical_level);
}

TEST_CASE("a pulse turns the output off after its duration", "[outputs]") {
  Bench bench;
  bench.outputs->pulse(bench.relay(), 40ms, "test");
  CHECK(bench.outputs->level(bench.relay()));
  CHECK_FALSE(bench.relay_after(150ms));
  CHECK(bench.changes == std::vector<std::string>{"relay1 ON", "relay1 OFF"});
}

TEST_CASE("a pulse while one runs restarts it", "[outputs]") {
  Bench bench;
  bench.outputs->pulse(bench.relay(), 100ms, "test");
  CHECK(bench.relay_after(60ms));
  bench.outputs->pulse(bench.relay(), 100ms, "test");  // 60 ms in: now ends at ~160 ms
  CHECK(bench.relay_after(60ms));                      // 120 ms: the first would have ended
  CHECK_FALSE(bench.relay_after(200ms));
  CHECK(bench.changes == std::vector<std::string>{"relay1 ON", "relay1 ON", "relay1 OFF"});
}

TEST_CASE("any other command ends a pulse", "[outputs]") {
  Bench bench;
  bench.outputs->pulse(bench.relay(), 30ms, "test");
  bench.outputs->drive(bench.relay(), true, "test");
  CHECK(bench.relay_after(100ms));
}

TEST_CASE("max_on turns an output off however it was turned on, and is not extended", "[outputs]") {
  Bench bench(80ms);
  bench.outputs->drive(bench.relay(), true, "test");
  CHECK(bench.relay_after(50ms));
  bench.outputs->drive(bench.relay(), true, "test");  // does not restart the limit
  CHECK_FALSE(bench.relay_after(60ms));
  // A pulse longer than max_on is cut short too.
  bench.outputs->pulse(bench.relay(), 10s, "test");
  CHECK_FALSE(bench.relay_after(150ms));
}
