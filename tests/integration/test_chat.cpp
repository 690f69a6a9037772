// The gateway in an MQTT chat room, black box: a real mosquitto, gpiogw processes on the mock
// backend, people typing through Paho clients and mosquitto_pub.
#include <catch2/catch_test_macros.hpp>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::GatewayProcess;
using gpiogw::test::MqttProbe;

namespace {

const std::string kRoom = "asm/chatt";

// The standard test gateway ("test", prefix gpiogw/test) in the room, with extra [chat] keys.
std::unique_ptr<GatewayProcess> chatting_gateway(const Broker& broker, std::string chat_keys = "",
                                                 std::string name = "test") {
  auto config = gpiogw::test::standard_config(broker.uri(), "sim");
  config.replace(config.find("name = \"test\""), 13, "name = \"" + name + "\"");
  auto gateway =
      std::make_unique<GatewayProcess>(config + "\n[chat]\nroom = \"" + kRoom + "\"\n" + chat_keys);
  MqttProbe probe(broker.uri(), "probe-" + name);
  probe.subscribe("gpiogw/" + name + "/status");
  REQUIRE(probe.wait_for("gpiogw/" + name + "/status", "online"));
  return gateway;
}

// Someone in the room: reads <room>/+ and says lines on <room>/<name>.
struct Person {
  Person(const Broker& broker, std::string name)
      : name(std::move(name)), client(broker.uri(), "person-" + this->name) {
    client.subscribe(kRoom + "/+");
  }
  void say(const std::string& line) { client.publish(kRoom + "/" + name, line); }
  std::vector<std::string> heard_from(const std::string& member) const {
    return client.payloads_on(kRoom + "/" + member);
  }
  bool hears(const std::string& member, const std::string& line) const {
    return client.wait_for(kRoom + "/" + member, line);
  }

  std::string name;
  MqttProbe client;
};

}  // namespace

TEST_CASE("a person toggles an output in the chat and gets one reply", "[chat]") {
  Broker broker;
  auto gateway = chatting_gateway(broker);
  Person alice(broker, "alice");
  MqttProbe states(broker.uri(), "states");
  states.subscribe("gpiogw/test/output/relay1");

  alice.say("@test toggle relay1");
  REQUIRE(alice.hears("test", "@alice ok: relay1 ON"));
  CHECK(gateway->sim_value(17) == "1");
  CHECK(states.wait_for("gpiogw/test/output/relay1", "ON"));

  alice.say("@TEST   pulse relay1 100ms");
  CHECK(alice.hears("test", "@alice ok: relay1 ON for 100ms"));
  CHECK(gpiogw::test::eventually([&] { return gateway->sim_value(17) == "0"; }, 5s));
  CHECK(gateway->process().wait_for_output("output 'relay1' OFF (pulse ended)", 1s));

  alice.say("@test pulse relay1");
  CHECK(alice.hears("test", "@alice error: usage: pulse <output> <duration>"));
  alice.say("@test toggle relay9");
  CHECK(alice.hears("test", "@alice error: unknown output 'relay9'; outputs: relay1, lamp"));
  CHECK(alice.heard_from("test").size() == 4);
}

TEST_CASE("mosquitto_pub on <room>/<name> works like any chat client", "[chat]") {
  Broker broker;
  auto gateway = chatting_gateway(broker);
  Person watcher(broker, "watcher");
  const auto sent = gpiogw::test::run_command(
      {"mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-t",
       kRoom + "/bob", "-m", "@test set relay1 on"},
      5s);
  REQUIRE(sent.status == 0);
  CHECK(watcher.hears("test", "@bob ok: relay1 ON"));
  CHECK(gateway->sim_value(17) == "1");
}

TEST_CASE("chatter and lines for others are ignored", "[chat]") {
  Broker broker;
  auto gateway = chatting_gateway(broker);
  Person alice(broker, "alice");
  for (const char* line : {"hello everyone", "@garage toggle relay1", "toggle relay1",
                           "test toggle relay1", "@testing toggle relay1"}) {
    alice.say(line);
  }
  alice.say("@test get relay1");  // answered only after the lines above were read
  REQUIRE(alice.hears("test", "@alice ok: relay1 OFF"));
  CHECK(alice.heard_from("test") == std::vector<std::string>{"@alice ok: relay1 OFF"});
  CHECK(gateway->sim_value(17) == "0");
}

TEST_CASE("@all reaches every gateway in the room", "[chat]") {
  Broker broker;
  auto kitchen = chatting_gateway(broker, "", "kitchen");
  auto garage = chatting_gateway(broker, "", "garage");
  Person alice(broker, "alice");
  alice.say("@all toggle relay1");
  CHECK(alice.hears("kitchen", "@alice ok: relay1 ON"));
  CHECK(alice.hears("garage", "@alice ok: relay1 ON"));
  CHECK(kitchen->sim_value(17) == "1");
  CHECK(garage->sim_value(17) == "1");
}

TEST_CASE("a sender not allowed changes nothing and is told so", "[chat]") {
  Broker broker;
  auto gateway = chatting_gateway(broker, "allow = [\"alice\"]\n");
  Person mallory(broker, "mallory");
  mallory.say("@test set relay1 on");
  CHECK(mallory.hears("test", "@mallory not allowed"));
  CHECK(gateway->sim_value(17) == "0");
  Person alice(broker, "alice");
  alice.say("@test set relay1 on");
  CHECK(alice.hears("test", "@alice ok: relay1 ON"));
}

TEST_CASE("a gateway ignores its own topic and never answers another gateway's reply", "[chat]") {
  Broker broker;
  auto kitchen = chatting_gateway(broker, "", "kitchen");
  auto garage = chatting_gateway(broker, "", "garage");
  Person watcher(broker, "watcher");
  // Lines that seem to come from the gateway itself are never commands.
  MqttProbe impostor(broker.uri(), "impostor");
  impostor.publish(kRoom + "/kitchen", "@kitchen toggle relay1");
  // A line that seems to come from garage starts an exchange that must stop after one reply.
  impostor.publish(kRoom + "/garage", "@kitchen frobnicate");
  REQUIRE(watcher.hears("kitchen",
                        "@garage error: unknown command 'frobnicate'; commands: help, "
                        "status, list, get <name>, set <name> on|off|<percent>%, toggle "
                        "<name>, pulse <output> <duration>, read <sensor|counter>, set <counter> "
                        "<total>, rules"));
  // Follow-ups that prove the exchange is over: each gateway handles the room's lines in order, and
  // the broker passes them on in order. garage answers us after anything it said to kitchen's
  // reply; then kitchen answers us after anything it said to that, or to its own topic.
  watcher.say("@garage get relay1");
  REQUIRE(watcher.hears("garage", "@watcher ok: relay1 OFF"));
  watcher.say("@kitchen get relay1");
  REQUIRE(watcher.hears("kitchen", "@watcher ok: relay1 OFF"));
  // The impostor's line and one reply: kitchen neither obeyed the first nor answered twice.
  const auto from_kitchen = watcher.heard_from("kitchen");
  REQUIRE(from_kitchen.size() == 3);
  CHECK(from_kitchen[0] == "@kitchen toggle relay1");
  CHECK(watcher.heard_from("garage") ==
        std::vector<std::string>{"@kitchen frobnicate", "@watcher ok: relay1 OFF"});
  CHECK(kitchen->sim_value(17) == "0");
}

TEST_CASE("machines use <prefix>/cmd and read <prefix>/cmd/reply", "[chat]") {
  Broker broker;
  auto gateway = chatting_gateway(broker);
  MqttProbe machine(broker.uri(), "machine");
  machine.subscribe("gpiogw/test/cmd/reply");
  machine.publish("gpiogw/test/cmd", "toggle relay1");
  CHECK(machine.wait_for("gpiogw/test/cmd/reply", "ok: relay1 ON"));
  CHECK(gateway->sim_value(17) == "1");
  machine.publish("gpiogw/test/cmd", "list");
  CHECK(machine.wait_for("gpiogw/test/cmd/reply",
                         "ok: outputs: relay1 ON, lamp ON; inputs: door OFF; sensors: none"));
  machine.publish("gpiogw/test/cmd", "@test help");
  CHECK(machine.wait_for("gpiogw/test/cmd/reply",
                         "error: unknown command '@test'; commands: help, status, list, get "
                         "<name>, set <name> on|off|<percent>%, toggle <name>, pulse <output> "
                         "<duration>, read <sensor|counter>, set <counter> <total>, rules"));
}
