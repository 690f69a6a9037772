#include "gpiogw/gateway/command_executor.hpp"

#include <catch2/catch_test_macros.hpp>

#include <thread>

#include "gpiogw/gpio/mock_backend.hpp"
#include "gpiogw/pwm/mock_channel.hpp"

using namespace std::chrono_literals;
using gpiogw::chat::Command;
using gpiogw::chat::Verb;

namespace {

// relay1 and pump on the in-process mock, door as an input, fan a mock PWM channel; commands run as
// a person's would.
struct Bench {
  Bench() {
    config.gateway.name = "kitchen";
    config.mqtt.uris = {"tcp://127.0.0.1:1883"};
    config.outputs.push_back({.name = "relay1", .line = 17U, .max_on = std::nullopt});
    config.outputs.push_back({.name = "pump", .line = 18U, .max_on = std::nullopt});
    config.inputs.push_back({.name = "door", .line = 27U, .bias = gpiogw::gpio::Bias::pull_up});
    gpio.request(std::vector<gpiogw::gpio::LineSpec>{
        {.name = "relay1", .line = 17U, .direction = gpiogw::gpio::Direction::output},
        {.name = "pump", .line = 18U, .direction = gpiogw::gpio::Direction::output},
        {.name = "door",
         .line = 27U,
         .bias = gpiogw::gpio::Bias::pull_up,
         .edge = gpiogw::gpio::Edge::both},
        {.name = "water", .line = 23U, .edge = gpiogw::gpio::Edge::falling}});
    outputs.emplace(config.outputs, 0, gpio, loop, [](auto&, bool, bool) {});
    inputs.emplace(config.inputs, 2, gpio, loop, [](auto&, bool) {});
    config.counters.push_back(
        {.name = "water", .line = 23U, .per_pulse = 0.001, .unit = "m³", .digits = 3});
    counters.emplace(
        config.counters, 3, gpio, loop, topics,
        std::map<std::string, std::uint64_t>{{"water", 1500}},
        [](const std::string&, const std::string&) { return true; },
        [this](const std::string& name, std::uint64_t total) { stored[name] = total; });
    gpiogw::config::Sensor dice;
    dice.name = "dice";
    dice.source = gpiogw::config::RandintSensor{.min = 4, .max = 4, .seed = std::nullopt};
    gpiogw::config::Sensor missing;
    missing.name = "missing";
    missing.source = gpiogw::config::FileSensor{.path = "/nonexistent/level"};
    config.sensors = {dice, missing};
    sensors.emplace(config, gpiogw::Topics("gpiogw/kitchen"), loop,
                    [](const std::string&, std::string_view, bool) {});
    config.pwms.push_back({.name = "fan", .fade = 100ms});
    pwms.emplace(
        config.pwms,
        [](const gpiogw::config::Pwm& pwm) {
          return gpiogw::pwm::make_mock_channel(pwm.channel, {});
        },
        loop, [](auto&) {});
    executor.emplace(config, loop, *outputs, *inputs, *pwms, *counters, *sensors,
                     [this] { return connected; });
  }
  gpiogw::chat::Outcome run(Command command) { return executor->execute(command, "test"); }
  bool level(std::string_view output) { return outputs->level(*outputs->find(output)); }

  gpiogw::config::Config config;
  gpiogw::gpio::MockBackend gpio{{}};
  gpiogw::EventLoop loop{gpiogw::EventLoop::ManualClock{}};
  std::optional<gpiogw::Outputs> outputs;
  std::optional<gpiogw::Inputs> inputs;
  gpiogw::Topics topics{"gpiogw/kitchen"};
  std::map<std::string, std::uint64_t> stored;
  std::optional<gpiogw::Counters> counters;
  std::optional<gpiogw::SensorPublisher> sensors;
  std::optional<gpiogw::pwm::PwmOutputs> pwms;
  bool connected = true;
  std::optional<gpiogw::CommandExecutor> executor;
};

}  // namespace

TEST_CASE("help, status and list describe the gateway", "[executor]") {
  Bench bench;
  const auto help = bench.run({Verb::help});
  CHECK(help.ok);
  CHECK(help.text.starts_with("commands: help, status, list"));
  const auto status = bench.run({Verb::status});
  CHECK(status.ok);
  CHECK(status.text.find("'kitchen', up 0s, broker tcp://127.0.0.1:1883 (connected), 2 outputs, "
                         "1 input, 2 sensors, 1 PWM channel") != std::string::npos);
  // Uptime counts whole seconds since the start, on the loop's clock.
  bench.loop.advance(90061s - 1us);
  CHECK(bench.run({Verb::status}).text.find(", up 1d 1h 1m 0s,") != std::string::npos);
  bench.loop.advance(1us);
  CHECK(bench.run({Verb::status}).text.find(", up 1d 1h 1m 1s,") != std::string::npos);
  bench.connected = false;
  CHECK(bench.run({Verb::status}).text.find("(disconnected)") != std::string::npos);
  CHECK(bench.run({Verb::list}).text ==
        "outputs: relay1 OFF, pump OFF; inputs: door ON; sensors: dice -, missing -; pwm: fan 0%; "
        "counters: water 1.5 m³");
}

TEST_CASE("set, toggle and pulse drive outputs; get reads any entry", "[executor]") {
  Bench bench;
  auto set = bench.run({Verb::set, "relay1", true});
  CHECK(set.ok);
  CHECK(set.text == "relay1 ON");
  CHECK(bench.level("relay1"));
  CHECK(bench.run({Verb::toggle, "RELAY1"}).text == "relay1 OFF");
  CHECK(bench.run({Verb::get, "relay1"}).text == "relay1 OFF");
  CHECK(bench.run({Verb::get, "door"}).text == "door ON");
  CHECK(bench.run({Verb::pulse, "pump", false, 30ms}).text == "pump ON for 30ms");
  bench.loop.advance(30ms - 1us);
  CHECK(bench.run({Verb::get, "pump"}).text == "pump ON");
  bench.loop.advance(1us);
  CHECK(bench.run({Verb::get, "pump"}).text == "pump OFF");
}

TEST_CASE("set, toggle and get work on PWM channels in percent", "[executor]") {
  Bench bench;
  // The answer is the value set; the fade takes it there on the loop.
  CHECK(bench.run({.verb = Verb::set, .target = "fan", .on = true, .percent = 40.0}).text ==
        "fan 40%");
  CHECK(bench.run({Verb::get, "FAN"}).text == "fan 40%");
  CHECK(bench.run({Verb::set, "fan", false}).text == "fan 0%");
  CHECK(bench.run({Verb::set, "fan", true}).text == "fan 40%");  // the last value above 0
  CHECK(bench.run({Verb::toggle, "fan"}).text == "fan 0%");
  CHECK(bench.run({Verb::toggle, "fan"}).text == "fan 40%");
}

TEST_CASE("mistakes get an answer that names what exists", "[executor]") {
  Bench bench;
  const auto unknown = bench.run({Verb::toggle, "relay9"});
  CHECK_FALSE(unknown.ok);
  CHECK(unknown.text == "unknown output 'relay9'; outputs: relay1, pump, fan");
  CHECK(bench.run({Verb::set, "door", true}).text ==
        "cannot drive input 'door'; outputs: relay1, pump, fan");
  CHECK(bench.run({Verb::get, "window"}).text ==
        "unknown name 'window'; names: relay1, pump, door, fan, water");
  CHECK(bench.run({.verb = Verb::set, .target = "relay1", .on = true, .percent = 40.0}).text ==
        "'relay1' is an on/off output; use set relay1 on|off");
  CHECK(bench.run({Verb::pulse, "fan", false, 30ms}).text ==
        "cannot pulse PWM channel 'fan'; use set fan <percent>%");
  // A number is a total: for a counter only, and it never drives an output.
  CHECK(bench.run({.verb = Verb::set, .target = "relay1", .total = "1234"}).text ==
        "'1234' is not on, off or a percent; a total is for a counter, and 'relay1' is none; "
        "counters: water");
  CHECK(bench.level("relay1") == false);
  // "set relay1 1" is ON, although 1 could be a total too.
  CHECK(bench.run({.verb = Verb::set, .target = "relay1", .on = true, .total = "1"}).text ==
        "relay1 ON");
  CHECK(bench.run({.verb = Verb::set, .target = "relay1", .on = false, .total = "0"}).text ==
        "relay1 OFF");
  CHECK(bench.run({Verb::read, "randint"}).text ==
        "unknown sensor 'randint'; sensors: dice, missing; counters: water");
  CHECK_FALSE(bench.level("relay1"));
}

TEST_CASE("uptimes read like durations", "[executor]") {
  CHECK(gpiogw::format_uptime(0s) == "0s");
  CHECK(gpiogw::format_uptime(59s) == "59s");
  CHECK(gpiogw::format_uptime(3600s) == "1h 0m 0s");
  CHECK(gpiogw::format_uptime(90061s) == "1d 1h 1m 1s");
}

TEST_CASE("read answers with a sensor's last reading or why it fails", "[executor]") {
  Bench bench;
  CHECK(bench.run({Verb::read, "dice"}).text == "dice: no reading yet");
  bench.sensors->on_connected();  // starts the reads; randint reads at once, on the loop
  const auto read = bench.run({Verb::read, "DICE"});
  CHECK(read.ok);
  CHECK(read.text == "dice 4");
  // The file sensor reads on its own thread; its failure comes back through the loop, as a task
  // posted whenever the thread is done: real time, waited for until it arrives.
  auto failing = bench.run({Verb::read, "missing"});
  for (int i = 0; i < 500 && failing.text == "missing: no reading yet"; ++i) {
    std::this_thread::sleep_for(10ms);
    bench.loop.run_pending();
    failing = bench.run({Verb::read, "missing"});
  }
  CHECK_FALSE(failing.ok);
  CHECK(failing.text ==
        "missing cannot be read: cannot read /nonexistent/level: No such file or directory");
}

TEST_CASE("read and set address counters by name, in their unit", "[executor]") {
  Bench bench;
  CHECK(bench.run({Verb::read, "water"}).text == "water 1.5 m³");
  CHECK(bench.run({Verb::get, "water"}).text == "water 1.5 m³");
  const auto set = bench.run({.verb = Verb::set, .target = "Water", .total = "1234.567"});
  CHECK(set.ok);
  CHECK(set.text == "water 1234.567 m³");
  CHECK(bench.stored.at("water") == 1234567);
  const auto lower = bench.run({.verb = Verb::set, .target = "water", .total = "2"});
  CHECK(lower.text == "water 2 m³");  // a set may go down: the meter's display was read
  CHECK(bench.stored.at("water") == 2000);
  // "set water 0" parses as OFF too: for a counter it is a reset.
  const auto reset = bench.run({.verb = Verb::set, .target = "water", .on = false, .total = "0"});
  CHECK(reset.text == "water 0 m³");
  CHECK(bench.stored.at("water") == 0);

  const auto on = bench.run({.verb = Verb::set, .target = "water", .on = true});
  CHECK_FALSE(on.ok);
  CHECK(on.text == "usage: set water <total>");
  const auto bad = bench.run({.verb = Verb::set, .target = "water", .total = "1.2.3"});
  CHECK_FALSE(bad.ok);
  CHECK(bad.text ==
        "\"1.2.3\" is not a total for counter 'water': give a number of m³, 0 or "
        "more, such as 1234.5");
  CHECK(bench.run({Verb::read, "wter"}).text ==
        "unknown sensor 'wter'; sensors: dice, missing; counters: water");
}
