// Every rule on the loop's manual clock: exact to the microsecond and instant.
#include "gpiogw/gateway/outputs.hpp"

#include <catch2/catch_test_macros.hpp>

#include <algorithm>

#include "gpiogw/gpio/mock_backend.hpp"

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::Outputs;

namespace {

// Outputs on the in-process mock (relay1 and Pump unless told otherwise), a record of every
// change reported, and the time of each.
struct Bench {
  explicit Bench(std::optional<std::chrono::milliseconds> max_on = std::nullopt)
      : Bench(std::vector<gpiogw::config::Output>{{.name = "relay1", .line = 17U, .max_on = max_on},
                                                  {.name = "Pump", .line = 18U}}) {}
  // `initially_on`: the outputs whose lines are requested on (initial = "on", or restored).
  explicit Bench(std::vector<gpiogw::config::Output> outputs,
                 const std::vector<std::string>& initially_on = {})
      : config(std::move(outputs)) {
    std::vector<gpiogw::gpio::LineSpec> specs;
    for (const auto& output : config) {
      specs.push_back(
          {.name = output.name,
           .line = output.line,
           .direction = gpiogw::gpio::Direction::output,
           .initial = std::ranges::find(initially_on, output.name) != initially_on.end()});
    }
    gpio.request(specs);
    this->outputs.emplace(config, 0, gpio, loop,
                          [this](const Outputs::Output& output, bool level, bool changed) {
                            changes.push_back(output.config->name + (level ? " ON" : " OFF"));
                            if (!changed) repeats.push_back(output.config->name);
                            change_times.push_back(loop.now() - start);
                          });
  }
  Outputs::Output& get(std::string_view name) { return *outputs->find(name); }
  bool on(std::string_view name) { return outputs->level(get(name)); }
  Outputs::Output& relay() { return get("relay1"); }
  // Advances the clock by `duration`, then reports whether relay1 is on.
  bool relay_after(EventLoop::Duration duration) {
    loop.advance(duration);
    return outputs->level(relay());
  }
  EventLoop::Duration elapsed() const { return loop.now() - start; }

  std::vector<gpiogw::config::Output> config;
  gpiogw::gpio::MockBackend gpio{{.sim_dir = {}, .num_lines = 64, .record_writes = true}};
  EventLoop loop{EventLoop::ManualClock{}};
  EventLoop::TimePoint start = loop.now();
  std::optional<Outputs> outputs;
  std::vector<std::string> changes;
  std::vector<std::string> repeats;  // reported, but the level did not change
  std::vector<EventLoop::Duration> change_times;
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
  CHECK(bench.repeats == std::vector<std::string>{"relay1"});  // the second ON only
  const auto& writes = bench.gpio.writes();
  REQUIRE(writes.size() >= 3);
  CHECK(writes.back().offset == 17);
  CHECK_FALSE(writes.back().physical_level);
}

TEST_CASE("a pulse turns the output off exactly after its duration", "[outputs]") {
  Bench bench;
  bench.outputs->pulse(bench.relay(), 40ms, "test");
  CHECK(bench.relay_after(40ms - 1us));
  CHECK_FALSE(bench.relay_after(1us));
  CHECK(bench.changes == std::vector<std::string>{"relay1 ON", "relay1 OFF"});
  CHECK(bench.change_times.back() == 40ms);
}

TEST_CASE("a pulse while one runs restarts it", "[outputs]") {
  Bench bench;
  bench.outputs->pulse(bench.relay(), 1000ms, "test");
  CHECK(bench.relay_after(400ms));
  bench.outputs->pulse(bench.relay(), 1000ms, "test");  // now ends at 1400 ms
  CHECK(bench.relay_after(1000ms - 1us));
  CHECK_FALSE(bench.relay_after(1us));
  CHECK(bench.changes == std::vector<std::string>{"relay1 ON", "relay1 ON", "relay1 OFF"});
  CHECK(bench.change_times.back() == 1400ms);
}

TEST_CASE("any other command ends a pulse", "[outputs]") {
  Bench bench;
  bench.outputs->pulse(bench.relay(), 30ms, "test");
  bench.outputs->drive(bench.relay(), true, "test");
  CHECK(bench.relay_after(1h));
}

TEST_CASE("a pulse is not restored: its restore level is OFF", "[outputs]") {
  Bench bench;
  bench.outputs->pulse(bench.relay(), 1h, "test");
  CHECK(bench.outputs->level(bench.relay()));
  CHECK_FALSE(bench.outputs->restore_level(bench.relay()));
  bench.outputs->drive(bench.relay(), true, "test");
  CHECK(bench.outputs->restore_level(bench.relay()));
}

TEST_CASE("max_on turns an output off however it was turned on, and is not extended", "[outputs]") {
  Bench bench(80ms);
  bench.outputs->drive(bench.relay(), true, "test");
  CHECK(bench.relay_after(50ms));
  bench.outputs->drive(bench.relay(), true, "test");  // does not restart the limit
  CHECK(bench.relay_after(30ms - 1us));
  CHECK_FALSE(bench.relay_after(1us));
  CHECK(bench.change_times.back() == 80ms);
  // A pulse longer than max_on is cut short too.
  bench.outputs->pulse(bench.relay(), 10s, "test");
  CHECK_FALSE(bench.relay_after(80ms));
  CHECK(bench.change_times.back() == 160ms);
}

TEST_CASE("max_on counts from the start for an output that starts on", "[outputs]") {
  // initial = "on", or "restore" with the state file saying ON (after a kill -9 in a pulse).
  Bench bench({{.name = "relay1", .line = 17U, .max_on = 2000ms}, {.name = "Pump", .line = 18U}},
              {"relay1", "Pump"});
  CHECK(bench.on("relay1"));
  CHECK(bench.relay_after(2s - 1us));
  CHECK_FALSE(bench.relay_after(1us));
  CHECK(bench.changes == std::vector<std::string>{"relay1 OFF"});
  CHECK(bench.change_times.back() == 2s);
  CHECK(bench.on("Pump"));  // no max_on: stays
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
  bench.loop.advance(60ms);  // members count as gone off at the start
  bench.outputs->drive(bench.get("up"), true, "test");
  CHECK(bench.on("up"));
  bench.outputs->drive(bench.get("down"), true, "test");
  CHECK_FALSE(bench.on("up"));
  CHECK_FALSE(bench.on("down"));  // the dead time
  bench.loop.advance(60ms - 1us);
  CHECK_FALSE(bench.on("down"));
  bench.loop.advance(1us);
  CHECK(bench.on("down"));
  // A command for the other output during the wait cancels the pending one.
  bench.outputs->drive(bench.get("up"), true, "test");
  bench.outputs->drive(bench.get("up"), false, "test");
  bench.loop.advance(1h);
  CHECK_FALSE(bench.on("up"));
  CHECK_FALSE(bench.on("down"));
}

TEST_CASE("the dead time holds whatever arrives during it", "[outputs]") {
  // A second ON, a TOGGLE, a pulse or a QoS 1 duplicate during interlock_wait used to switch the
  // output on at once: the others were off by then, so nothing seemed to need a wait.
  Bench bench(blinds(500ms));
  bench.loop.advance(1s);
  bench.outputs->drive(bench.get("up"), true, "test");
  bench.loop.advance(1s);
  bench.outputs->drive(bench.get("down"), true, "test");  // up goes off at 2 s
  const auto went_off = bench.elapsed();
  bench.loop.advance(52ms);
  bench.outputs->drive(bench.get("down"), true, "duplicate");
  CHECK_FALSE(bench.on("down"));
  bench.loop.advance(100ms);
  bench.outputs->toggle(bench.get("down"), "toggle");  // off -> on: still waits
  CHECK_FALSE(bench.on("down"));
  bench.loop.advance(100ms);
  bench.outputs->pulse(bench.get("down"), 1s, "pulse");
  CHECK_FALSE(bench.on("down"));
  bench.loop.advance(went_off + 500ms - bench.elapsed() - 1us);
  CHECK_FALSE(bench.on("down"));
  bench.loop.advance(1us);
  CHECK(bench.on("down"));
  CHECK(bench.change_times.back() == went_off + 500ms);
  // The pulse counts from the moment it went on.
  bench.loop.advance(1s - 1us);
  CHECK(bench.on("down"));
  bench.loop.advance(1us);
  CHECK_FALSE(bench.on("down"));
}

TEST_CASE("a command to a member that is on already is carried out at once", "[outputs]") {
  // Found by the model test: a pulse to a member that was on waited out a dead time while on,
  // so the state file kept "ON" instead of the pulse's "OFF".
  Bench bench(blinds(500ms), {"up"});
  bench.outputs->pulse(bench.get("up"), 1s, "test");
  CHECK(bench.changes == std::vector<std::string>{"up ON"});
  CHECK_FALSE(bench.outputs->restore_level(bench.get("up")));
  bench.loop.advance(1s);
  CHECK_FALSE(bench.on("up"));
}

TEST_CASE("a member waits the dead time after the start", "[outputs]") {
  // Nobody knows when another member was last on before a restart.
  Bench bench(blinds(500ms));
  bench.loop.advance(100ms);
  bench.outputs->drive(bench.get("up"), true, "test");
  CHECK_FALSE(bench.on("up"));
  bench.loop.advance(400ms);
  CHECK(bench.on("up"));
}

namespace {

std::vector<gpiogw::config::Output> heater_alarm_lamp(std::chrono::milliseconds grace) {
  return {{.name = "heater",
           .line = 1U,
           .on_disconnect = gpiogw::config::OnDisconnect::off,
           .disconnect_grace = grace},
          {.name = "alarm",
           .line = 2U,
           .on_disconnect = gpiogw::config::OnDisconnect::on,
           .disconnect_grace = grace * 2},
          {.name = "lamp", .line = 3U}};
}

}  // namespace

TEST_CASE("on_disconnect acts on a failed attempt after the whole grace", "[outputs]") {
  Bench bench(heater_alarm_lamp(500ms));
  bench.outputs->drive(bench.get("heater"), true, "test");
  bench.outputs->drive(bench.get("lamp"), true, "test");
  bench.outputs->broker_lost();
  CHECK(bench.outputs->next_disconnect_deadline() == bench.start + 500ms);
  bench.loop.advance(500ms - 1us);
  bench.outputs->broker_unreachable("attempt 1");  // too early to decide anything
  CHECK(bench.on("heater"));
  bench.loop.advance(1us);
  bench.outputs->broker_unreachable("attempt 2");
  CHECK_FALSE(bench.on("heater"));
  CHECK_FALSE(bench.on("alarm"));
  CHECK(bench.outputs->next_disconnect_deadline() == bench.start + 1000ms);
  bench.loop.advance(500ms);
  bench.outputs->broker_unreachable("attempt 3");
  CHECK(bench.on("alarm"));
  CHECK(bench.on("lamp"));  // keep
  CHECK_FALSE(bench.outputs->next_disconnect_deadline());
  // Acted once per outage: a command during the outage stands.
  bench.outputs->drive(bench.get("heater"), true, "local");
  bench.outputs->broker_unreachable("attempt 4");
  CHECK(bench.on("heater"));
}

TEST_CASE("on_disconnect does nothing when the broker is back within the grace", "[outputs]") {
  // Grace 10 s, outage 7.5 s: the pump used to go off at the back-off's next try.
  Bench bench(heater_alarm_lamp(10s));
  bench.outputs->drive(bench.get("heater"), true, "test");
  bench.outputs->broker_lost();
  bench.loop.advance(7500ms);
  bench.outputs->broker_unreachable("attempt 3");
  bench.outputs->broker_back();
  CHECK_FALSE(bench.outputs->next_disconnect_deadline());
  bench.loop.advance(1h);
  bench.outputs->broker_unreachable("a stray late failure");
  CHECK(bench.on("heater"));
  // A new outage counts from its own start.
  bench.outputs->broker_lost();
  bench.loop.advance(9s);
  bench.outputs->broker_lost();  // still counting from the first loss
  bench.loop.advance(1s);
  bench.outputs->broker_unreachable("attempt 1");
  CHECK_FALSE(bench.on("heater"));
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
