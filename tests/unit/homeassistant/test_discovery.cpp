#include "gpiogw/homeassistant/discovery.hpp"

#include <catch2/catch_test_macros.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "gpiogw/config/loader.hpp"
#include "temp_dir.hpp"

using gpiogw::homeassistant::discovery_configs;
using gpiogw::homeassistant::node_id;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kGolden = fs::path(GPIOGW_TEST_DATA) / "homeassistant";

gpiogw::config::Config demo_config() {
  auto loaded = gpiogw::config::load_file(fs::path(GPIOGW_SOURCE_DIR) / "config/demo.toml");
  REQUIRE(loaded.config);
  return *loaded.config;
}

// "homeassistant/switch/demo_0123abcd/output_relay1/config" -> "switch_output_relay1.json"
std::string golden_name(const std::string& topic) {
  const auto parts_start = topic.find('/') + 1;
  const auto component_end = topic.find('/', parts_start);
  const auto object_start = topic.find('/', component_end + 1) + 1;
  const auto object_end = topic.rfind('/');
  return topic.substr(parts_start, component_end - parts_start) + "_" +
         topic.substr(object_start, object_end - object_start) + ".json";
}

}  // namespace

TEST_CASE("the node id is the gateway name and a stable hash of the machine id", "[ha]") {
  CHECK(node_id("kitchen", "3d1219c7c4c5404aaa1f6d2a48adfda4") ==
        node_id("kitchen", "3d1219c7c4c5404aaa1f6d2a48adfda4"));
  CHECK(node_id("kitchen", "a") != node_id("kitchen", "b"));
  CHECK(node_id("kitchen", "a") != node_id("garage", "a"));
  CHECK(node_id("kitchen", "a").starts_with("kitchen_"));
  CHECK(node_id("kitchen", "a").size() == std::string("kitchen_").size() + 8);
  CHECK(node_id("kitchen", "") == "kitchen_811c9dc5");  // FNV-1a's offset basis: fixed forever
}

namespace {

// Compares `messages` with the golden files in `golden_dir`, field by field; every file there must
// be produced. Set GPIOGW_UPDATE_GOLDEN=1 to rewrite the files after a deliberate change; review
// the diff.
void check_golden(const std::vector<gpiogw::homeassistant::Message>& messages,
                  const fs::path& golden_dir) {
  const bool update = std::getenv("GPIOGW_UPDATE_GOLDEN") != nullptr;
  std::set<std::string> expected_files;
  for (const auto& entry : fs::directory_iterator(golden_dir)) {
    expected_files.insert(entry.path().filename().string());
  }
  std::set<std::string> produced_files;
  for (const auto& message : messages) {
    const auto name = golden_name(message.topic);
    INFO(message.topic);
    produced_files.insert(name);
    const json produced = json::parse(message.payload);
    if (update) std::ofstream(golden_dir / name) << produced.dump(2) << "\n";
    std::ifstream golden(golden_dir / name);
    REQUIRE(golden);
    const json expected = json::parse(golden);
    for (const auto& [key, value] : expected.items()) {
      INFO(key);
      CHECK(produced.contains(key));
      if (produced.contains(key)) CHECK(produced[key] == value);
    }
    for (const auto& [key, value] : produced.items()) {
      INFO(key);
      CHECK(expected.contains(key));
    }
  }
  if (!update) CHECK(produced_files == expected_files);
}

}  // namespace

TEST_CASE("the demo config's discovery configs match the golden files, field by field", "[ha]") {
  const auto config = demo_config();
  check_golden(
      discovery_configs(config, gpiogw::Topics(config.gateway.topic_prefix), "demo_0123abcd"),
      kGolden);
}

TEST_CASE("a PWM channel is a light, a fan or a number on a 0..100 scale", "[ha][pwm]") {
  auto loaded = gpiogw::config::load_string(R"(
[gateway]
name = "shed"
[homeassistant]
prefix = "ha"
[[pwm]]
name = "dimmer"
frequency = "1kHz"
[[pwm]]
name = "fan"
channel = 1
homeassistant = { component = "fan", icon = "mdi:fan" }
[[pwm]]
name = "servo"
channel = 2
period = "20ms"
homeassistant = { component = "number", name = "Flap" }
)",
                                            "pwm.toml");
  REQUIRE(loaded.config);
  const auto& config = *loaded.config;
  auto messages =
      discovery_configs(config, gpiogw::Topics(config.gateway.topic_prefix), "shed_0123abcd");
  std::erase_if(messages, [](const auto& message) {
    return message.topic.find("/diagnostics_") != std::string::npos;
  });
  check_golden(messages, fs::path(GPIOGW_TEST_DATA) / "homeassistant_pwm");
}

TEST_CASE("discovery follows HA's current rules", "[ha]") {
  auto config = demo_config();
  config.outputs[0].homeassistant = {.name = "Garden pump",
                                     .device_class = "outlet",
                                     .icon = "mdi:pump",
                                     .unit = "",
                                     .entity_category = "config"};
  const auto messages =
      discovery_configs(config, gpiogw::Topics(config.gateway.topic_prefix), "demo_0123abcd");
  std::set<std::string> unique_ids;
  for (const auto& message : messages) {
    INFO(message.topic);
    const json entity = json::parse(message.payload);
    CHECK(message.topic.starts_with("homeassistant/"));
    CHECK(message.topic.ends_with("/config"));
    if (entity.contains("automation_type")) continue;  // a device trigger is not an entity
    CHECK(unique_ids.insert(entity["unique_id"].get<std::string>()).second);
    CHECK_FALSE(entity.contains("object_id"));  // deprecated: default_entity_id instead
    CHECK(entity.contains("default_entity_id"));
    CHECK(entity["device"]["identifiers"] == json::array({"demo_0123abcd"}));
    CHECK(entity["availability"][0]["topic"] == "gpiogw/demo/status");
    // HA 2023.8: an entity's name does not repeat the device's name.
    CHECK_FALSE(entity["name"].get<std::string>().starts_with("demo"));
  }
  const json pump = json::parse(messages[0].payload);
  CHECK(pump["name"] == "Garden pump");
  CHECK(pump["device_class"] == "outlet");
  CHECK(pump["icon"] == "mdi:pump");
  CHECK(pump["entity_category"] == "config");
  CHECK_FALSE(pump.contains("unit_of_measurement"));
}

TEST_CASE("sensors are announced with the device class and unit their kind implies", "[ha]") {
  auto config = demo_config();
  gpiogw::config::Sensor cpu;
  cpu.name = "cpu";
  cpu.source = gpiogw::config::CpuTempSensor{};
  gpiogw::config::Sensor air;
  air.name = "air";
  air.source = gpiogw::config::IioSensor{.device = 0U, .channel = "in_humidityrelative"};
  air.topic = "home/air";
  config.sensors.push_back(cpu);
  config.sensors.push_back(air);
  const auto messages =
      discovery_configs(config, gpiogw::Topics(config.gateway.topic_prefix), "demo_0123abcd");
  std::map<std::string, json> sensors;
  for (const auto& message : messages) {
    if (message.topic.find("/sensor_") != std::string::npos) {
      const json entity = json::parse(message.payload);
      sensors[entity["name"].get<std::string>()] = entity;
    }
  }
  REQUIRE(sensors.size() == 3);
  CHECK(sensors["cpu"]["device_class"] == "temperature");
  CHECK(sensors["cpu"]["unit_of_measurement"] == "°C");
  CHECK(sensors["cpu"]["state_topic"] == "gpiogw/demo/sensor/cpu");
  CHECK(sensors["air"]["device_class"] == "humidity");
  CHECK(sensors["air"]["unit_of_measurement"] == "%");
  CHECK(sensors["air"]["state_topic"] == "home/air");
  CHECK(sensors["randint"]["state_class"] == "measurement");
  CHECK_FALSE(sensors["randint"].contains("device_class"));
}

TEST_CASE("a sensor expires after two of its longest silences, shown with its digits", "[ha]") {
  auto config = demo_config();
  config.sensors.clear();
  gpiogw::config::Sensor every;
  every.name = "every";
  every.source = gpiogw::config::RandintSensor{};
  every.interval = std::chrono::milliseconds(1500);
  every.digits = 1;
  gpiogw::config::Sensor on_change = every;
  on_change.name = "on_change";
  on_change.min_delta = 0.5;
  on_change.max_silence = std::chrono::minutes(10);
  config.sensors = {every, on_change};
  std::map<std::string, json> sensors;
  for (const auto& message :
       discovery_configs(config, gpiogw::Topics(config.gateway.topic_prefix), "demo_0123abcd")) {
    const json entity = json::parse(message.payload);
    if (message.topic.find("/sensor_") != std::string::npos)
      sensors[entity["name"].get<std::string>()] = entity;
  }
  CHECK(sensors["every"]["expire_after"] == 3);  // 2 x 1.5 s
  CHECK(sensors["every"]["suggested_display_precision"] == 1);
  CHECK(sensors["on_change"]["expire_after"] == 1200);  // 2 x max_silence
}

TEST_CASE("a sensor's overrides win over its kind's class and unit; IIO channels have theirs",
          "[ha]") {
  auto loaded = gpiogw::config::load_string(R"(
[gateway]
name = "shed"
[[sensor]]
name = "mains"
kind = "iio"
device = 0
channel = "in_voltage0"
[[sensor]]
name = "light"
kind = "iio"
device = 0
channel = "in_illuminance"
[[sensor]]
name = "battery"
kind = "iio"
device = 0
channel = "in_voltage1"
homeassistant = { name = "Battery", device_class = "battery", unit = "%", icon = "mdi:battery", state_class = "total", entity_category = "diagnostic" }
)",
                                            "shed.toml");
  REQUIRE(loaded.config);
  std::map<std::string, json> sensors;
  for (const auto& message : discovery_configs(
           *loaded.config, gpiogw::Topics(loaded.config->gateway.topic_prefix), "shed_0123abcd")) {
    if (message.topic.find("/sensor_") != std::string::npos)
      sensors[message.topic.substr(message.topic.find("/sensor_") + 8)] =
          json::parse(message.payload);
  }
  CHECK(sensors["mains/config"]["device_class"] == "voltage");
  CHECK(sensors["mains/config"]["unit_of_measurement"] == "mV");
  CHECK(sensors["light/config"]["device_class"] == "illuminance");
  CHECK(sensors["light/config"]["unit_of_measurement"] == "lx");
  const json& battery = sensors["battery/config"];
  CHECK(battery["name"] == "Battery");
  CHECK(battery["device_class"] == "battery");
  CHECK(battery["unit_of_measurement"] == "%");
  CHECK(battery["icon"] == "mdi:battery");
  CHECK(battery["state_class"] == "total");
  CHECK(battery["entity_category"] == "diagnostic");
}

TEST_CASE("the device shows the board's model and serial number and the configured area", "[ha]") {
  gpiogw::test::TempDir root;
  const auto base = root.path() / "firmware/devicetree/base";
  fs::create_directories(base);
  gpiogw::test::write_file(base / "model", std::string("Raspberry Pi 4 Model B Rev 1.4\0", 31));
  gpiogw::test::write_file(base / "serial-number", std::string("10000000a1b2c3d4\0", 17));
  const auto board = gpiogw::homeassistant::read_board(root.path());
  CHECK(board.model == "Raspberry Pi 4 Model B Rev 1.4");
  CHECK(board.serial == "10000000a1b2c3d4");
  // A PC has no device tree; a property that is no printable string is left out.
  CHECK(gpiogw::homeassistant::read_board(root.path() / "none") == gpiogw::homeassistant::Board{});
  gpiogw::test::write_file(base / "serial-number", std::string("\x01\xff", 2));
  CHECK(gpiogw::homeassistant::read_board(root.path()).serial.empty());

  auto loaded = gpiogw::config::load_string(
      "[gateway]\nname = \"shed\"\n[homeassistant]\narea = \"Garden shed\"\n", "shed.toml");
  REQUIRE(loaded.config);
  const auto messages = discovery_configs(
      *loaded.config, gpiogw::Topics(loaded.config->gateway.topic_prefix), "shed_0123abcd", board);
  REQUIRE_FALSE(messages.empty());
  for (const auto& message : messages) {
    const json device = json::parse(message.payload)["device"];
    CHECK(device["hw_version"] == "Raspberry Pi 4 Model B Rev 1.4");
    CHECK(device["serial_number"] == "10000000a1b2c3d4");
    CHECK(device["suggested_area"] == "Garden shed");
  }
}

TEST_CASE("a button's event entity is a button whatever its input's binary_sensor class", "[ha]") {
  auto loaded = gpiogw::config::load_string(R"(
[gateway]
name = "hall"
[[input]]
name = "bell"
line = 5
edge = "both"
events = ["single"]
homeassistant = { device_class = "door", icon = "mdi:bell" }
)",
                                            "hall.toml");
  REQUIRE(loaded.config);
  const auto& config = *loaded.config;
  std::map<std::string, json> by_component;
  for (const auto& message :
       discovery_configs(config, gpiogw::Topics(config.gateway.topic_prefix), "hall_0123abcd")) {
    const auto component = message.topic.substr(std::string("homeassistant/").size());
    by_component[component.substr(0, component.find('/'))] = json::parse(message.payload);
  }
  CHECK(by_component.at("binary_sensor").at("device_class") == "door");
  CHECK(by_component.at("event").at("device_class") == "button");  // HA's event refuses "door"
  CHECK(by_component.at("event").at("icon") == "mdi:bell");
}
