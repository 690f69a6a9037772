#include "gpiogw/core/outputs.hpp"

#include <catch2/catch_test_macros.hpp>

#include "gpiogw/gpio/mock_backend.hpp"

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::Outputs;

namespace {

// Outputs on the in-process mock (relay1 and Pump unless told otherwise), and a record of every
// change reported.
struct Bench {
  explicit Bench(std::optional<std::chrono::milliseconds> max_on = std::nullopt)
      : Bench(std::vector<gpiogw::config::Output>{{.name = "relay1", .line = 17U, .max_on = max_on},
                                                  {.name = "Pump", .line = 18U}}) {}
  explicit Bench(std::vector<gpiogw::config::Output> outputs) : config(std::move(outputs)) {
    std::vector<gpiogw::gpio::LineSpec> specs;
    for (const auto& output : config) {
      specs.push_back(
          {.name = output.name, .line = output.line, .direction = gpiogw::gpio::Direction::output});
    }
    gpio.request(specs);
    this->outputs.emplace(config, 0, gpio, loop, [this](const Outputs::Output& output, bool level) {
      changes.push_back(output.config->name + (level ? " ON" : " OFF"));
    });
  }
  Outputs::Output& get(std::string_view name) { return *outputs->find(name); }
  bool on(std::string_view name) { return outputs->level(get(name)); }
  Outputs::Output& relay() { return get("relay1"); }
  // Runs the loop for `duration`, then reports whether relay1 is on.
  bool relay_after(std::chrono::milliseconds duration) {
    loop.run_for(duration);
    return outputs->level(relay());
  }

  std::vector<gpiogw::config::Output> config;
  gpiogw::gpio::MockBackend gpio{{.sim_dir = {}, .num_lines = 64, .record_writes = true}};
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
  // Long enough that a stalled thread (qemu, load) does not reach the end early.
  bench.outputs->pulse(bench.relay(), 1000ms, "test");
  CHECK(bench.relay_after(400ms));
  bench.outputs->pulse(bench.relay(), 1000ms, "test");  // 400 ms in: now ends at ~1400 ms
  CHECK(bench.relay_after(800ms));                      // 1200 ms: the first would have ended
  CHECK_FALSE(bench.relay_after(1000ms));
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

namespace {

std::vector<gpiogw::config::Output> blinds(std::chrono::milliseconds wait) {
  return {{.name = "up", .line = 1U, .interlock = "blinds", .interlock_wait = wait},
          {.name = "down", .line = 2U, .interlock = "blinds", .interlock_wait = wait},
          {.name = "light", .line = 3U}};
}

}  // namespace

TEST_CASE("an interlock turns the others off before turning one on", "[outputs]") {
  Bench bench(blinds(0ms));
  bench.outputs->drive(bench.get("up"), true, "test");
  bench.outputs->drive(bench.get("light"), true, "test");
  bench.outputs->drive(bench.get("down"), true, "test");
  CHECK_FALSE(bench.on("up"));
  CHECK(bench.on("down"));
  CHECK(bench.on("light"));  // not in the group
  CHECK(bench.changes == std::vector<std::string>{"up ON", "light ON", "up OFF", "down ON"});
  bench.outputs->toggle(bench.get("up"), "test");
  CHECK(bench.on("up"));
  CHECK_FALSE(bench.on("down"));
}

TEST_CASE("interlock_wait keeps a dead time, and a newer command wins", "[outputs]") {
  Bench bench(blinds(60ms));
  bench.outputs->drive(bench.get("up"), true, "test");  // nothing was on: no wait
  CHECK(bench.on("up"));
  bench.outputs->drive(bench.get("down"), true, "test");
  CHECK_FALSE(bench.on("up"));
  CHECK_FALSE(bench.on("down"));  // the dead time
  bench.loop.run_for(100ms);
  CHECK(bench.on("down"));
  // A command for the other output during the wait cancels the pending one.
  bench.outputs->drive(bench.get("up"), true, "test");
  bench.outputs->drive(bench.get("up"), false, "test");
  bench.loop.run_for(100ms);
  CHECK_FALSE(bench.on("up"));
  CHECK_FALSE(bench.on("down"));
}

TEST_CASE("on_disconnect acts after the grace, unless the broker comes back", "[outputs]") {
  Bench bench(
      std::vector<gpiogw::config::Output>{{.name = "heater",
                                           .line = 1U,
                                           .on_disconnect = gpiogw::config::OnDisconnect::off,
                                           .disconnect_grace = 500ms},
                                          {.name = "alarm",
                                           .line = 2U,
                                           .on_disconnect = gpiogw::config::OnDisconnect::on,
                                           .disconnect_grace = 500ms},
                                          {.name = "lamp", .line = 3U}});
  bench.outputs->drive(bench.get("heater"), true, "test");
  bench.outputs->drive(bench.get("lamp"), true, "test");
  bench.outputs->broker_lost();
  bench.loop.run_for(20ms);
  bench.outputs->broker_back();  // a short blip changes nothing
  bench.loop.run_for(80ms);
  CHECK(bench.on("heater"));
  CHECK_FALSE(bench.on("alarm"));
  bench.outputs->broker_lost();
  bench.outputs->broker_lost();  // still counting from the first loss
  bench.loop.run_for(700ms);
  CHECK_FALSE(bench.on("heater"));
  CHECK(bench.on("alarm"));
  CHECK(bench.on("lamp"));  // keep
}

TEST_CASE("a clean stop turns off the outputs with shutdown = off", "[outputs]") {
  Bench bench(std::vector<gpiogw::config::Output>{
      {.name = "heater", .line = 1U, .shutdown = gpiogw::config::OnShutdown::off},
      {.name = "lamp", .line = 2U}});
  bench.outputs->drive(bench.get("heater"), true, "test");
  bench.outputs->drive(bench.get("lamp"), true, "test");
  bench.outputs->shut_down();
  CHECK_FALSE(bench.on("heater"));
  CHECK(bench.on("lamp"));
}
