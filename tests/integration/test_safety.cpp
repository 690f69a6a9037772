// The output safety rules, black box: gpiogw on the mock backend against a real mosquitto that the
// tests stop and restart, with the outputs watched through the sim files.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <csignal>
#include <map>
#include <random>
#include <sstream>
#include <thread>

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

const std::string kOutput = "gpiogw/safe/output/";

// A gateway named "safe" with the given [[output]] tables, on the mock with sim dir "sim".
std::string config_with(const std::string& broker_uri, const std::string& outputs,
                        const std::string& gateway_keys = "") {
  return "[gateway]\nname = \"safe\"\n" + gateway_keys + "\n[mqtt]\nuri = \"" + broker_uri +
         "\"\n\n[gpio]\nbackend = \"mock\"\n[gpio.mock]\nsim_dir = \"sim\"\n\n" + outputs;
}

void wait_online(const Broker& broker) {
  REQUIRE(gpiogw::test::gateway_online(broker.uri(), "gpiogw/safe/status"));
}

// A heater (line 17) with the given rule keys and a lamp (line 18) without rules, both turned on.
std::unique_ptr<GatewayProcess> heater_and_lamp_on(const Broker& broker,
                                                   const std::string& heater_rules) {
  auto gateway = std::make_unique<GatewayProcess>(
      config_with(broker.uri(), "[[output]]\nname = \"heater\"\nline = 17\n" + heater_rules +
                                    "\n[[output]]\nname = \"lamp\"\nline = 18\n"));
  wait_online(broker);
  MqttProbe commander(broker.uri(), "commander");
  commander.publish(kOutput + "heater/set", "ON");
  commander.publish(kOutput + "lamp/set", "ON");
  REQUIRE(eventually([&] { return gateway->sim_value(17) == "1" && gateway->sim_value(18) == "1"; },
                     5s));
  return gateway;
}

}  // namespace

TEST_CASE("max_on turns an output off even while the broker is down", "[safety]") {
  Broker broker;
  GatewayProcess gateway(
      config_with(broker.uri(), "[[output]]\nname = \"heater\"\nline = 17\nmax_on = \"3s\"\n"));
  wait_online(broker);
  MqttProbe(broker.uri(), "commander").publish(kOutput + "heater/set", "ON");
  // The log, not the line: on a slow (emulated) machine the line may be off again before a poll.
  REQUIRE(gateway.process().wait_for_output("output 'heater' ON (command)", 10s));
  broker.stop();
  CHECK(gateway.process().wait_for_output("output 'heater' OFF (max_on 3s reached)", 10s));
  CHECK(gateway.sim_value(17) == "0");
}

TEST_CASE("an interlock never has two outputs on", "[safety]") {
  Broker broker;
  GatewayProcess gateway(
      config_with(broker.uri(),
                  "[[output]]\nname = \"up\"\nline = 17\ninterlock = \"blinds\"\n\n"
                  "[[output]]\nname = \"down\"\nline = 18\ninterlock = \"blinds\"\n\n"
                  "[[output]]\nname = \"marker\"\nline = 19\n"));
  wait_online(broker);
  MqttProbe commander(broker.uri(), "commander");
  commander.subscribe(kOutput + "+");
  REQUIRE(eventually([&] { return commander.messages().size() == 3; }, 5s));
  std::mt19937 random(7);
  const char* payloads[] = {"ON", "OFF", "TOGGLE"};
  const std::string marker = kOutput + "marker";
  for (int i = 0; i < 40; ++i) {
    // One command at a time, then a toggle of an output outside the interlock: the gateway
    // handles commands in order, so once the marker's state arrives the command is done, all of
    // it, and the sim files are still.
    const auto markers = commander.payloads_on(marker).size();
    const std::string output = random() % 2 ? "up" : "down";
    commander.publish(kOutput + output + "/set", payloads[random() % 3]);
    commander.publish(marker + "/set", "TOGGLE");
    REQUIRE(eventually([&] { return commander.payloads_on(marker).size() > markers; }, 5s));
    CHECK_FALSE((gateway.sim_value(17) == "1" && gateway.sim_value(18) == "1"));
  }
  // The state messages, in the order the lines changed, never show both on either.
  std::map<std::string, bool> on;
  for (const auto& message : commander.messages()) {
    on[message.topic] = message.payload == "ON";
    CHECK_FALSE((on[kOutput + "up"] && on[kOutput + "down"]));
  }
}

TEST_CASE("interlock_wait keeps both off for the dead time", "[safety]") {
  Broker broker;
  GatewayProcess gateway(config_with(
      broker.uri(),
      "[[output]]\nname = \"up\"\nline = 17\ninterlock = \"blinds\"\ninterlock_wait = \"500ms\"\n\n"
      "[[output]]\nname = \"down\"\nline = 18\ninterlock = \"blinds\"\n"
      "interlock_wait = \"500ms\"\n"));
  wait_online(broker);
  MqttProbe commander(broker.uri(), "commander");
  commander.publish(kOutput + "up/set", "ON");
  REQUIRE(eventually([&] { return gateway.sim_value(17) == "1"; }, 5s));
  commander.publish(kOutput + "down/set", "ON");
  REQUIRE(eventually([&] { return gateway.sim_value(17) == "0"; }, 5s));
  CHECK(gateway.sim_value(18) == "0");  // the dead time
  CHECK(eventually([&] { return gateway.sim_value(18) == "1"; }, 5s));
}

TEST_CASE("initial = restore brings the last state back after kill -9", "[safety]") {
  Broker broker;
  TempDir state;
  const auto config =
      config_with(broker.uri(), "[[output]]\nname = \"pump\"\nline = 17\ninitial = \"restore\"\n",
                  "state_dir = \"" + state.path().string() + "\"\n");
  {
    GatewayProcess gateway(config);
    wait_online(broker);
    MqttProbe(broker.uri(), "commander").publish(kOutput + "pump/set", "ON");
    REQUIRE(eventually(
        [&] {
          return gpiogw::test::read_file(state / "outputs.state").find("pump ON") !=
                 std::string::npos;
        },
        5s));
    gateway.process().signal(SIGKILL);
    gateway.process().wait_for_exit(5s);
  }
  GatewayProcess restarted(config);
  REQUIRE(eventually([&] { return restarted.log().find("output 'pump' on") != std::string::npos; },
                     5s));
  CHECK(restarted.sim_value(17) == "1");
  MqttProbe probe(broker.uri(), "watcher");
  probe.subscribe(kOutput + "pump");
  CHECK(probe.wait_for(kOutput + "pump", "ON"));
}

TEST_CASE("a corrupt state file is reported and ignored", "[safety]") {
  Broker broker;
  TempDir state;
  gpiogw::test::write_file(state / "outputs.state", "pump ON\n\x01garbage\xff\n");
  GatewayProcess gateway(
      config_with(broker.uri(), "[[output]]\nname = \"pump\"\nline = 17\ninitial = \"restore\"\n",
                  "state_dir = \"" + state.path().string() + "\"\n"));
  wait_online(broker);
  CHECK(gateway.log().find("is corrupt (line 2") != std::string::npos);
  CHECK(gateway.sim_value(17) == "0");
}

TEST_CASE("<output>/pulse turns an output on for a while; a bad duration changes nothing",
          "[safety]") {
  Broker broker;
  GatewayProcess gateway(config_with(broker.uri(), "[[output]]\nname = \"bell\"\nline = 17\n"));
  wait_online(broker);
  MqttProbe commander(broker.uri(), "commander");
  commander.publish(kOutput + "bell/pulse", "soon");
  commander.publish(kOutput + "bell/pulse", "0s");
  commander.publish(kOutput + "bell/pulse", "300ms");
  REQUIRE(eventually([&] { return gateway.sim_value(17) == "1"; }, 5s));
  CHECK(eventually([&] { return gateway.sim_value(17) == "0"; }, 5s));
  // The line changes a moment before the change is logged.
  CHECK(gateway.process().wait_for_output("output 'bell' OFF (pulse ended)", 2s));
  const auto log = gateway.log();
  CHECK(log.find("bell/pulse: \"soon\" is not a duration") != std::string::npos);
  CHECK(log.find("a pulse must last longer than 0") != std::string::npos);
}

TEST_CASE("a hostile pulse payload is logged once, bounded, on one printable line", "[safety]") {
  Broker broker;
  GatewayProcess gateway(config_with(broker.uri(), "[[output]]\nname = \"bell\"\nline = 17\n"));
  wait_online(broker);
  // A newline to forge a log line, ESC to drive the terminal, NUL, and a megabyte of padding.
  const std::string payload =
      std::string("5x\n1999-01-01 00:00:00.000 error   FORGED\x1b[2J\0", 46) +
      std::string(1 << 20, 'A');
  MqttProbe commander(broker.uri(), "commander");
  commander.publish(kOutput + "bell/pulse", payload);
  commander.publish(kOutput + "bell/pulse", "0s");  // logged after the first: a marker
  REQUIRE(gateway.process().wait_for_output("a pulse must last longer than 0", 5s));

  const std::string log = gateway.log();
  CHECK(log.size() < 16 * 1024);  // not the megabyte, not twice
  CHECK(std::ranges::none_of(log, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\n') || byte == 0x7f;
  }));
  std::size_t echoes = 0;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK_FALSE(line.starts_with("1999-01-01 00:00:00.000"));
    if (line.find("FORGED") == std::string::npos) continue;
    ++echoes;
    CHECK(line.size() < 512);
    CHECK(line.find("bell/pulse: \"5x\\x0a1999-01-01") != std::string::npos);
    CHECK(line.find("(" + std::to_string(payload.size()) + " bytes)") != std::string::npos);
  }
  CHECK(echoes == 1);
  CHECK(gateway.sim_value(17) == "0");
}

TEST_CASE("on_disconnect switches an output when the broker stays away", "[safety]") {
  Broker broker;
  auto gateway_ptr =
      heater_and_lamp_on(broker, "on_disconnect = \"off\"\ndisconnect_grace = \"500ms\"\n");
  auto& gateway = *gateway_ptr;
  broker.stop();
  CHECK(eventually([&] { return gateway.sim_value(17) == "0"; }, 5s));
  CHECK(gateway.sim_value(18) == "1");  // keep
  CHECK(gateway.process().wait_for_output(
      "output 'heater' OFF (on_disconnect: broker unreachable for 500ms (", 1s));
}

TEST_CASE("shutdown = off turns an output off on a clean stop, and says so", "[safety]") {
  Broker broker;
  auto gateway_ptr = heater_and_lamp_on(broker, "shutdown = \"off\"\n");
  auto& gateway = *gateway_ptr;
  gateway.process().signal(SIGTERM);
  CHECK(gateway.process().wait_for_exit(5s) == 0);
  CHECK(gateway.sim_value(17) == "0");
  CHECK(gateway.sim_value(18) == "1");
  MqttProbe late(broker.uri(), "late");
  late.subscribe(kOutput + "heater");
  CHECK(late.wait_for(kOutput + "heater", "OFF"));
}

TEST_CASE("on_disconnect acts only after the whole grace: an outage just shorter changes nothing",
          "[safety]") {
  // Grace 5 s. The back-off alone (1 s, 2 s, 4 s, each shortened by up to a fifth) would try at
  // about 1, 3 and 7 s: an outage of 3.5 s would then have switched the heater off at 5 s.
  Broker broker;
  auto gateway_ptr =
      heater_and_lamp_on(broker, "on_disconnect = \"off\"\ndisconnect_grace = \"5s\"\n");
  auto& gateway = *gateway_ptr;
  auto& process = gateway.process();
  broker.stop();
  REQUIRE(process.wait_for_output("(an on_disconnect grace ends then)", 10s));
  std::this_thread::sleep_for(500ms);  // 3.5 s after the loss at the latest
  broker.start();
  wait_online(broker);
  // A 2 s pulse of the lamp, sent after the reconnect (3.5 s or more after the loss), ends after
  // the grace would have: the gateway fires its timers in deadline order, so once the pulse's end
  // is reported a grace left running would have acted already.
  MqttProbe lamp(broker.uri(), "lamp");
  lamp.subscribe(kOutput + "lamp");
  REQUIRE(lamp.wait_for(kOutput + "lamp", "ON"));  // retained
  lamp.publish(kOutput + "lamp/pulse", "2s");
  REQUIRE(lamp.wait_for(kOutput + "lamp", "OFF", 10s));
  CHECK(gateway.sim_value(17) == "1");
  CHECK(gateway.log().find("on_disconnect:") == std::string::npos);
  lamp.publish(kOutput + "lamp/set", "ON");  // as it was, for the lamp's "keep" below
  REQUIRE(eventually([&] { return gateway.sim_value(18) == "1"; }, 5s));

  // Just longer: the attempt at the deadline fails, and the log names it.
  broker.stop();
  CHECK(process.wait_for_output(
      "output 'heater' OFF (on_disconnect: broker unreachable for 5s (connect attempt", 10s));
  CHECK(gateway.sim_value(17) == "0");
  CHECK(gateway.sim_value(18) == "1");  // keep
}
