// Home Assistant discovery against a real mosquitto: what HA would receive, without HA.
#include <catch2/catch_test_macros.hpp>

#include <nlohmann/json.hpp>
#include <set>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::eventually;
using gpiogw::test::GatewayProcess;
using gpiogw::test::MqttProbe;
using nlohmann::json;

namespace {

// The standard test gateway: relay1, lamp, door, plus 4 health values.
constexpr std::size_t kEntities = 7;

std::vector<gpiogw::test::Received> configs(const MqttProbe& probe) {
  std::vector<gpiogw::test::Received> found;
  for (const auto& message : probe.messages()) {
    if (message.topic.ends_with("/config") && !message.payload.empty()) found.push_back(message);
  }
  return found;
}

std::unique_ptr<GatewayProcess> start(const std::string& config) {
  auto gateway = std::make_unique<GatewayProcess>(config);
  REQUIRE(gateway->process().wait_for_output("Home Assistant: announced", 10s));
  return gateway;
}

}  // namespace

TEST_CASE("discovery configs are retained, well-formed, and name every entity", "[ha]") {
  Broker broker;
  auto gateway = start(gpiogw::test::standard_config(broker.uri(), "sim"));
  MqttProbe ha(broker.uri(), "home-assistant");
  ha.subscribe("homeassistant/#");
  REQUIRE(eventually([&] { return configs(ha).size() == kEntities; }, 5s));
  std::set<std::string> components;
  for (const auto& message : configs(ha)) {
    INFO(message.topic);
    CHECK(message.retained);
    const json entity = json::parse(message.payload);  // throws, failing the test, if malformed
    CHECK(entity["availability"][0]["topic"] == "gpiogw/test/status");
    components.insert(message.topic.substr(0, message.topic.find('/', 14)));
  }
  CHECK(components == std::set<std::string>{"homeassistant/switch", "homeassistant/binary_sensor",
                                            "homeassistant/sensor"});
  // The health values the diagnostic entities read are there too.
  MqttProbe states(broker.uri(), "states");
  states.subscribe("gpiogw/test/diagnostics/+");
  CHECK(states.wait_for("gpiogw/test/diagnostics/version", "0.1.0"));
  CHECK(states.wait_for("gpiogw/test/diagnostics/reconnects", "0"));
}

TEST_CASE("HA's birth message brings the configs, the states and the sensors' readings again",
          "[ha]") {
  Broker broker;
  MqttProbe ha(broker.uri(), "home-assistant");
  ha.subscribe("homeassistant/#");
  ha.subscribe("gpiogw/test/output/+");
  ha.subscribe("gpiogw/test/sensor/+");
  // An hourly sensor, not retained: only the birth can bring its reading again within the test.
  auto gateway = start(gpiogw::test::standard_config(broker.uri(), "sim") +
                       "\n[[sensor]]\nname = \"dice\"\nkind = \"randint\"\ninterval = \"1h\"\n"
                       "min = 4\nmax = 4\n");
  REQUIRE(eventually([&] { return configs(ha).size() == kEntities + 1; }, 5s));
  REQUIRE(ha.wait_for("gpiogw/test/sensor/dice", "4"));
  ha.clear();
  ha.publish("homeassistant/status", "online");
  CHECK(eventually([&] { return configs(ha).size() == kEntities + 1; }, 10s));
  CHECK(ha.wait_for("gpiogw/test/output/relay1", "OFF"));
  CHECK(ha.wait_for("gpiogw/test/sensor/dice", "4"));
  for (const auto& message : configs(ha)) CHECK_FALSE(message.retained);  // live, not replayed
  CHECK(gateway->log().find("Home Assistant is online: announcing again") != std::string::npos);
}

TEST_CASE("a stranger's retained config under the gateway's node is removed, logged bounded",
          "[ha]") {
  Broker broker;
  const auto config = gpiogw::test::standard_config(broker.uri(), "sim");
  MqttProbe ha(broker.uri(), "home-assistant");
  ha.subscribe("homeassistant/switch/#");
  std::string node_prefix;  // homeassistant/switch/<node id>/
  {
    auto gateway = start(config);
    REQUIRE(eventually([&] { return configs(ha).size() == 2; }, 5s));
    const std::string topic = configs(ha).front().topic;
    node_prefix = topic.substr(0, topic.rfind('/', topic.rfind('/') - 1) + 1);
  }
  // Anyone may publish there: two of its levels are anyone's choice, as long as MQTT allows.
  const std::string stranger = node_prefix + std::string(10000, 'x') + "/config";
  ha.publish(stranger, "{}", 1, true);
  REQUIRE(ha.wait_for(stranger, "{}"));

  auto restarted = start(config);
  CHECK(ha.wait_for(stranger, ""));
  REQUIRE(restarted->process().wait_for_output("Home Assistant: removing \"" + node_prefix, 5s));
  const std::string log = restarted->log();
  const auto at = log.find("Home Assistant: removing");
  const std::string line = log.substr(at, log.find('\n', at) - at);
  CHECK(line.size() < 400);
  CHECK(line.ends_with("... (" + std::to_string(stranger.size()) +
                       " bytes) (no longer in the config)"));
}

TEST_CASE("an output removed from the config is removed from HA on the next start", "[ha]") {
  Broker broker;
  auto config = gpiogw::test::standard_config(broker.uri(), "sim");
  MqttProbe ha(broker.uri(), "home-assistant");
  ha.subscribe("homeassistant/switch/#");
  {
    auto gateway = start(config);
    // Stopped only once its configs have reached the broker: "announced" means queued.
    REQUIRE(eventually([&] { return configs(ha).size() == 2; }, 5s));
  }
  std::string lamp_topic;
  for (const auto& message : configs(ha)) {
    if (message.topic.find("output_lamp") != std::string::npos) lamp_topic = message.topic;
  }
  REQUIRE_FALSE(lamp_topic.empty());

  const auto without_lamp = config.substr(0, config.find("[[output]]\nname = \"lamp\"")) +
                            config.substr(config.find("[[input]]"));
  auto restarted = start(without_lamp);
  CHECK(ha.wait_for(lamp_topic, ""));  // an empty retained config deletes the entity in HA
  CHECK(restarted->process().wait_for_output("removing \"" + lamp_topic + "\"", 5s));
  MqttProbe late(broker.uri(), "late");
  late.subscribe("homeassistant/switch/#");
  REQUIRE(eventually([&] { return configs(late).size() == 1; }, 5s));
  CHECK(configs(late)[0].topic.find("output_relay1") != std::string::npos);
}

TEST_CASE("two gateways are two devices", "[ha]") {
  Broker broker;
  auto config = gpiogw::test::standard_config(broker.uri(), "sim");
  auto kitchen = start(config);
  auto other = config;
  other.replace(other.find("name = \"test\""), 13, "name = \"other\"");
  auto garage = start(other);
  MqttProbe ha(broker.uri(), "home-assistant");
  ha.subscribe("homeassistant/switch/#");
  REQUIRE(eventually([&] { return configs(ha).size() == 4; }, 5s));
  std::set<std::string> devices;
  std::set<std::string> unique_ids;
  for (const auto& message : configs(ha)) {
    const json entity = json::parse(message.payload);
    devices.insert(entity["device"]["identifiers"][0].get<std::string>());
    unique_ids.insert(entity["unique_id"].get<std::string>());
  }
  CHECK(devices.size() == 2);
  CHECK(unique_ids.size() == 4);
}
