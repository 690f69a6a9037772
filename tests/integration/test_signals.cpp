// What each signal does to a running gpiogw (include/gpiogw/app/daemon_signals.hpp): SIGHUP
// reloads the config, SIGUSR1/2 log the status, every other one that would end the process stops
// it cleanly. gpiogw on the mock backend against a real mosquitto.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>

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

const std::string kOutput = "gpiogw/sig/output/";

std::string config_with(const Broker& broker, const TempDir& state, const std::string& outputs) {
  return "[gateway]\nname = \"sig\"\nstate_dir = \"" + state.path().string() +
         "\"\n\n[mqtt]\nuri = \"" + broker.uri() +
         "\"\n\n[gpio]\nbackend = \"mock\"\n[gpio.mock]\nsim_dir = \"sim\"\n\n" + outputs;
}

const std::string kPump =
    "[[output]]\nname = \"pump\"\nline = 17\ninitial = \"restore\"\nshutdown = \"keep\"\n";
const std::string kValve = "[[output]]\nname = \"valve\"\nline = 18\n";
const std::string kLamp = "[[output]]\nname = \"lamp\"\nline = 19\n";

void wait_online(const Broker& broker) {
  REQUIRE(gpiogw::test::gateway_online(broker.uri(), "gpiogw/sig/status"));
}

std::filesystem::file_time_type written_at(const GatewayProcess& gateway, unsigned offset) {
  return std::filesystem::last_write_time(gateway.sim_dir() /
                                          ("sim_gpio" + std::to_string(offset)) / "value");
}

std::size_t count(const std::string& text, std::string_view part) {
  std::size_t found = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

}  // namespace

TEST_CASE("every signal that would end gpiogw stops it cleanly and writes the state file",
          "[signals]") {
  const int signal_number = GENERATE(SIGINT, SIGTERM, SIGQUIT, SIGALRM, SIGXCPU, SIGRTMIN + 2);
  CAPTURE(signal_number);
  Broker broker;
  TempDir state;
  GatewayProcess gateway(config_with(broker, state, kPump));
  wait_online(broker);
  MqttProbe commander(broker.uri(), "commander");
  commander.subscribe("gpiogw/sig/status");
  commander.publish(kOutput + "pump/set", "ON");
  REQUIRE(gateway.process().wait_for_output("output 'pump' ON (command)", 5s));
  // Within the state file's 2 s throttle: only a flush at the stop writes this one.
  commander.publish(kOutput + "pump/set", "OFF");
  REQUIRE(gateway.process().wait_for_output("output 'pump' OFF (command)", 5s));
  gateway.process().signal(signal_number);
  CHECK(gateway.process().wait_for_exit(5s) == 0);
  CHECK(gpiogw::test::read_file(state / "outputs.state").find("pump OFF") != std::string::npos);
  CHECK(commander.wait_for("gpiogw/sig/status", "offline"));
}

TEST_CASE("SIGUSR1 logs the status and changes nothing", "[signals]") {
  Broker broker;
  TempDir state;
  GatewayProcess gateway(config_with(broker, state, kPump + kValve));
  wait_online(broker);
  MqttProbe(broker.uri(), "commander").publish(kOutput + "valve/set", "ON");
  REQUIRE(gateway.process().wait_for_output("output 'valve' ON (command)", 5s));
  gateway.process().signal(SIGUSR1);
  CHECK(gateway.process().wait_for_output("outputs: pump OFF, valve ON", 5s));
  CHECK(gateway.process().running());
  CHECK(gateway.sim_value(18) == "1");
}

TEST_CASE("SIGHUP with a broken config keeps the running one and says where it is broken",
          "[signals]") {
  Broker broker;
  TempDir state;
  const auto config = config_with(broker, state, kPump + kValve);
  GatewayProcess gateway(config);
  wait_online(broker);
  MqttProbe commander(broker.uri(), "commander");
  commander.publish(kOutput + "valve/set", "ON");
  REQUIRE(gateway.process().wait_for_output("output 'valve' ON (command)", 5s));
  const auto before = written_at(gateway, 18);
  gateway.rewrite_config(config + "max_onn = \"2s\"\n");  // a typo in the valve's table
  gateway.process().signal(SIGHUP);
  REQUIRE(gateway.process().wait_for_output("reload: the running configuration stays", 5s));
  // file:line:col of the bad key, and the key it probably meant.
  CHECK(gateway.log().find("gpiogw.toml:21:1") != std::string::npos);
  CHECK(gateway.log().find("max_on") != std::string::npos);
  CHECK(gateway.sim_value(18) == "1");
  CHECK(written_at(gateway, 18) == before);
  // Still at work, on the old config.
  commander.publish(kOutput + "valve/set", "OFF");
  CHECK(eventually([&] { return gateway.sim_value(18) == "0"; }, 5s));
}

TEST_CASE("SIGHUP applies a valid config without touching outputs whose entry did not change",
          "[signals]") {
  Broker broker;
  TempDir state;
  GatewayProcess gateway(config_with(broker, state, kPump + kValve));
  wait_online(broker);
  MqttProbe commander(broker.uri(), "commander");
  commander.subscribe(kOutput + "+");
  commander.subscribe("gpiogw/sig/status");
  commander.publish(kOutput + "valve/set", "ON");
  commander.publish(kOutput + "pump/pulse", "4s");
  REQUIRE(gateway.process().wait_for_output("output 'pump' ON (pulse command", 5s));
  REQUIRE(eventually([&] { return gateway.sim_value(18) == "1"; }, 5s));
  const auto pump_written = written_at(gateway, 17);

  SECTION("a setting of another output: every line stays requested") {
    // The valve's entry changes (max_on): it starts as at a start, its initial "off" included.
    gateway.rewrite_config(config_with(broker, state, kPump + kValve + "max_on = \"1h\"\n"));
    gateway.process().signal(SIGHUP);
    REQUIRE(gateway.process().wait_for_output("reload: done", 5s));
    CHECK(gateway.log().find("every GPIO line stays requested as it is") != std::string::npos);
    CHECK(gateway.sim_value(17) == "1");
    CHECK(written_at(gateway, 17) == pump_written);  // not even rewritten
    CHECK(eventually([&] { return gateway.sim_value(18) == "0"; }, 5s));
    CHECK(gateway.log().find("output 'valve' OFF (reload: its entry changed)") !=
          std::string::npos);
  }
  SECTION("a new output: the lines are requested again, at the levels they have") {
    gateway.rewrite_config(config_with(broker, state, kPump + kValve + kLamp));
    gateway.process().signal(SIGHUP);
    REQUIRE(gateway.process().wait_for_output("reload: done", 5s));
    CHECK(gateway.log().find("the GPIO lines changed; requesting them again") != std::string::npos);
    CHECK(gateway.sim_value(17) == "1");
    CHECK(gateway.sim_value(18) == "1");
    CHECK(gateway.sim_value(19) == "0");
    // The new output's topic is subscribed once the new connection says "online" (the broker
    // takes the gateway's SUBSCRIBE before that PUBLISH): the retained one, then the new one.
    REQUIRE(eventually(
        [&] {
          const auto states = commander.payloads_on("gpiogw/sig/status");
          return std::count(states.begin(), states.end(), "online") >= 2;
        },
        5s));
    commander.publish(kOutput + "lamp/set", "ON");
    CHECK(eventually([&] { return gateway.sim_value(19) == "1"; }, 5s));
  }
  // The pulse that ran before the reload still ends on time, and only once.
  CHECK(gateway.process().wait_for_output("output 'pump' OFF (pulse ended)", 6s));
  CHECK(gateway.sim_value(17) == "0");
  CHECK(count(gateway.log(), "(pulse ended)") == 1);
  CHECK(gateway.process().running());
}
