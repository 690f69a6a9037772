// Pulse counters end to end: gpiogw on the mock backend, driven through its sim files (bursts of
// pulses, dropped events), against a real mosquitto; restarts with the state file and the broker's
// retained total.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::eventually;
using gpiogw::test::GatewayProcess;
using gpiogw::test::MqttProbe;
using gpiogw::test::TempDir;

namespace {

const std::string kWater = "gpiogw/meter/counter/water";

// "water" on line 23: 1 L per pulse in m³, a rate in L/min, published every 200 ms; its total
// kept in `state`. `extra` goes at the end (more tables).
std::string counter_config(const Broker& broker, const TempDir& state,
                           const std::string& extra = "") {
  return "[gateway]\nname = \"meter\"\nstate_dir = \"" + state.path().string() +
         "\"\n\n[mqtt]\nuri = \"" + broker.uri() +
         "\"\n\n[gpio]\nbackend = \"mock\"\n[gpio.mock]\nsim_dir = \"sim\"\n\n"
         "[homeassistant]\ndiscovery = false\n\n"
         "[[counter]]\nname = \"water\"\nline = 23\nbias = \"pull-up\"\nedge = \"falling\"\n"
         "per_pulse = 0.001\nunit = \"m³\"\ninterval = \"200ms\"\nrate_unit = \"L/min\"\n" +
         extra;
}

// Appends a line to one of the counter line's sim files, as `echo N >> file` does.
void append(const GatewayProcess& gateway, const std::string& file, const std::string& line) {
  std::ofstream(gateway.sim_dir() / "sim_gpio23" / file, std::ios::app) << line << "\n";
}

void wait_online(const Broker& broker) {
  REQUIRE(gpiogw::test::gateway_online(broker.uri(), "gpiogw/meter/status"));
}

// The "meter" gateway, online, and a probe that hears its total.
struct Meter {
  Meter(const Broker& broker, const TempDir& state, const std::string& probe_id)
      : gateway(counter_config(broker, state)), probe(broker.uri(), probe_id) {
    wait_online(broker);
    probe.subscribe(kWater);
  }
  GatewayProcess gateway;
  MqttProbe probe;
};

}  // namespace

TEST_CASE("thousands of pulses are counted exactly; /set and the chat read and set the total",
          "[counters]") {
  Broker broker;
  TempDir state;
  GatewayProcess gateway(counter_config(broker, state, "[chat]\nroom = \"room\"\n"));
  wait_online(broker);
  MqttProbe probe(broker.uri(), "probe");
  probe.subscribe(kWater + "/#");
  probe.subscribe(kWater);
  probe.subscribe("room/meter");

  for (const char* burst : {"1000", "2500", "1", "499"}) append(gateway, "pulses", burst);
  REQUIRE(probe.wait_for(kWater, "4"));  // 4000 pulses of 1 L
  CHECK(gateway.process().wait_for_output("total 0 m³", 1s));
  append(gateway, "pulses", "2");
  REQUIRE(probe.wait_for(kWater, "4.002"));
  // The rate is a number of L/min.
  REQUIRE(eventually([&] { return !probe.payloads_on(kWater + "/rate").empty(); }, 2s));
  CHECK(std::stod(probe.payloads_on(kWater + "/rate").back()) >= 0);

  probe.publish(kWater + "/set", "1234.567");
  REQUIRE(probe.wait_for(kWater, "1234.567"));
  CHECK(gateway.process().wait_for_output(
      "counter 'water' set to 1234.567 m³ (was 4.002 m³) by " + kWater + "/set", 2s));
  probe.publish(kWater + "/set", "a lot");
  CHECK(gateway.process().wait_for_output("ignoring " + kWater + "/set: \"a lot\" is not a total",
                                          2s));

  probe.publish("room/alice", "@meter set water 10.5");
  REQUIRE(probe.wait_for(kWater, "10.5"));
  CHECK(gateway.process().wait_for_output("(was 1234.567 m³) by chat from \"alice\"", 2s));
  probe.publish("room/alice", "@meter read water");
  REQUIRE(eventually(
      [&] {
        for (const auto& reply : probe.payloads_on("room/meter")) {
          if (reply.starts_with("@alice ok: water 10.5 m³, ")) return true;
        }
        return false;
      },
      5s));
}

TEST_CASE("the total survives a restart, stopped or killed", "[counters]") {
  const int signal_number = GENERATE(SIGTERM, SIGKILL);
  CAPTURE(signal_number);
  Broker broker;
  TempDir state;
  {
    Meter meter(broker, state, "probe");
    auto& gateway = meter.gateway;
    append(gateway, "pulses", "4321");
    REQUIRE(meter.probe.wait_for(kWater, "4.321"));
    // A kill -9 leaves what the state file held last: wait for it to hold the total.
    REQUIRE(eventually(
        [&] {
          return gpiogw::test::read_file(state / "outputs.state").find("water 4321\n") !=
                 std::string::npos;
        },
        5s));
    gateway.process().signal(signal_number);
    REQUIRE(gateway.process().wait_for_exit(5s));
  }
  // Without the broker's retained total, only the file can tell.
  MqttProbe(broker.uri(), "eraser").publish(kWater, "", 1, true);
  Meter meter(broker, state, "probe2");
  REQUIRE(meter.probe.wait_for(kWater, "4.321"));
  append(meter.gateway, "pulses", "1");
  CHECK(meter.probe.wait_for(kWater, "4.322"));
}

TEST_CASE("a reload (SIGHUP) keeps the total and the count goes on", "[counters]") {
  Broker broker;
  TempDir state;
  Meter meter(broker, state, "probe");
  append(meter.gateway, "pulses", "100");
  REQUIRE(meter.probe.wait_for(kWater, "0.1"));
  auto changed = counter_config(broker, state);
  changed.replace(changed.find("interval = \"200ms\""), 18, "interval = \"300ms\"");
  meter.gateway.rewrite_config(changed);
  // Without the broker's retained total, only what the reload hands over can tell.
  MqttProbe(broker.uri(), "eraser").publish(kWater, "", 1, true);
  meter.gateway.process().signal(SIGHUP);
  const std::string started = "counter 'water' on";
  REQUIRE(eventually(  // the reloaded gateway's own start line, not the first one
      [&] {
        const auto log = meter.gateway.log();
        return log.find(started) != log.rfind(started);
      },
      5s));
  append(meter.gateway, "pulses", "1");
  CHECK(meter.probe.wait_for(kWater, "0.101"));
}

TEST_CASE("the broker's retained total wins when it is higher than the state file's",
          "[counters]") {
  Broker broker;
  TempDir state;
  gpiogw::test::write_file(state / "outputs.state", "water 1000\n");
  MqttProbe(broker.uri(), "meter-reader").publish(kWater, "7.5", 1, true);
  Meter meter(broker, state, "probe");
  append(meter.gateway, "pulses", "5");
  REQUIRE(meter.probe.wait_for(kWater, "7.505"));
  CHECK(meter.gateway.process().wait_for_output(
      "the broker's retained total 7.5 m³ is higher than 1 m³", 1s));
  for (const auto& total : meter.probe.payloads_on(kWater)) {
    CHECK(total != "1");  // never a decrease
  }
}

TEST_CASE("pulses dropped by the event queue are counted, logged once and published",
          "[counters]") {
  Broker broker;
  TempDir state;
  Meter meter(broker, state, "probe");
  meter.probe.subscribe(kWater + "/lost");
  append(meter.gateway, "lose", "3");
  append(meter.gateway, "pulses", "10");
  REQUIRE(meter.probe.wait_for(kWater + "/lost", "3"));
  CHECK(meter.probe.wait_for(kWater, "0.01"));
  CHECK(meter.gateway.process().wait_for_output("3 pulses lost from the kernel's event queue", 1s));
}

TEST_CASE("Home Assistant is told of the meter's total, its rate and its lost pulses",
          "[counters]") {
  Broker broker;
  TempDir state;
  auto config = counter_config(broker, state, "homeassistant = { device_class = \"water\" }\n");
  config.replace(config.find("discovery = false"), 17, "discovery = true");
  GatewayProcess gateway(config);
  MqttProbe probe(broker.uri(), "ha");
  probe.subscribe("homeassistant/sensor/+/+/config");
  REQUIRE(eventually([&] { return probe.messages().size() >= 7; }, 5s));  // 4 health + 3 counter
  std::map<std::string, nlohmann::json> configs;
  for (const auto& message : probe.messages()) {
    const auto object_end = message.topic.rfind('/');
    const auto object_start = message.topic.rfind('/', object_end - 1) + 1;
    configs[message.topic.substr(object_start, object_end - object_start)] =
        nlohmann::json::parse(message.payload);
  }
  REQUIRE(configs.contains("counter_water"));
  CHECK(configs["counter_water"]["state_topic"] == kWater);
  CHECK(configs["counter_water"]["state_class"] == "total_increasing");
  CHECK(configs["counter_water"]["device_class"] == "water");
  CHECK(configs["counter_water"]["unit_of_measurement"] == "m³");
  REQUIRE(configs.contains("counter_water_rate"));
  CHECK(configs["counter_water_rate"]["state_class"] == "measurement");
  CHECK(configs["counter_water_rate"]["device_class"] == "volume_flow_rate");
  CHECK(configs["counter_water_rate"]["unit_of_measurement"] == "L/min");
  REQUIRE(configs.contains("counter_water_lost"));
  CHECK(configs["counter_water_lost"]["entity_category"] == "diagnostic");
}
