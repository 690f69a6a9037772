#include "gpiogw/config/loader.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <catch2/catch_test_macros.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "gpiogw/config/rules.hpp"

using namespace std::chrono_literals;
using namespace gpiogw::config;
namespace fs = std::filesystem;
namespace gpio = gpiogw::gpio;

namespace {

const fs::path kConfigs = fs::path(GPIOGW_TEST_DATA) / "configs";
const fs::path kShipped = fs::path(GPIOGW_TEST_DATA).parent_path().parent_path() / "config";

Config load_valid(const fs::path& path) {
  INFO(path.string());
  auto result = load_file(path);
  for (const Diagnostic& error : result.errors) UNSCOPED_INFO(error.to_string());
  REQUIRE(result.errors.empty());
  REQUIRE(result.config);
  return std::move(*result.config);
}

std::vector<fs::path> files_in(const fs::path& dir, std::string_view extension) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string host_name() {
  std::array<char, 256> buffer{};
  REQUIRE(gethostname(buffer.data(), buffer.size() - 1) == 0);
  return buffer.data();
}

}  // namespace

TEST_CASE("a config with every key set is read completely", "[config][loader]") {
  const fs::path file = kConfigs / "valid/full.toml";
  const fs::path dir = file.parent_path();
  const Config config = load_valid(file);

  CHECK(config.source == file);
  CHECK(config.gateway.name == "pi-kitchen");
  CHECK(config.gateway.topic_prefix == "home/kitchen");
  CHECK(config.gateway.sysfs_root == dir / "fake-sys");

  CHECK(config.mqtt.uris == std::vector<std::string>{"ssl://broker.example.org:8883"});
  CHECK(config.mqtt.client_id == "kitchen-gw");
  CHECK(config.mqtt.username == "alice");
  CHECK(config.mqtt.password_file == dir / "secrets/mqtt.password");  // relative to the file
  CHECK(config.mqtt.keepalive == 90s);
  CHECK(config.mqtt.qos == 2);
  CHECK(config.mqtt.protocol == Protocol::v5);
  CHECK(config.mqtt.clean_session);
  CHECK(config.mqtt.session_expiry == 1h);
  CHECK(config.mqtt.offline_buffer == 20);
  CHECK(config.mqtt.tls.insecure);
  CHECK(config.mqtt.tls.ca_file == dir / "tls/ca.pem");
  CHECK(config.mqtt.tls.cert_file == "/etc/gpiogw/client.pem");  // absolute stays as it is
  CHECK(config.mqtt.tls.key_file == dir.parent_path() / "keys/client.key");

  CHECK(config.gpio.backend == BackendKind::mock);
  CHECK(config.gpio.chip == "gpiochip0");
  CHECK(config.gpio.sim_dir == dir / "sim");

  CHECK(config.gateway.state_dir == dir / "state");

  REQUIRE(config.outputs.size() == 3);
  const Output& relay = config.outputs[0];
  CHECK(relay.name == "relay1");
  CHECK(relay.line == gpio::LineId(17U));
  CHECK(relay.active_low);
  CHECK(relay.initial == Initial::on);
  CHECK(relay.max_on == 90min);
  const Output& lamp = config.outputs[1];
  CHECK(lamp.name == "lamp");
  CHECK(lamp.line == gpio::LineId("GPIO22"));
  CHECK(lamp.initial == Initial::restore);
  CHECK(lamp.interlock == "light");
  CHECK(lamp.interlock_wait == 250ms);
  CHECK(lamp.on_disconnect == OnDisconnect::off);
  CHECK(lamp.disconnect_grace == 1min);
  CHECK(lamp.shutdown == OnShutdown::off);
  CHECK(config.outputs[2].interlock == "light");
  CHECK(config.outputs[2].homeassistant.name == "Spot light");
  CHECK(config.outputs[2].homeassistant.icon == "mdi:spotlight");
  CHECK(config.outputs[2].homeassistant.entity_category == "config");
  CHECK(config.outputs[2].homeassistant.device_class.empty());
  CHECK_FALSE(config.homeassistant.discovery);
  CHECK(config.homeassistant.prefix == "ha");
  CHECK(relay.interlock.empty());
  CHECK(relay.on_disconnect == OnDisconnect::keep);
  CHECK(relay.disconnect_grace == 30s);
  CHECK(relay.shutdown == OnShutdown::keep);

  REQUIRE(config.inputs.size() == 2);
  const Input& door = config.inputs[0];
  CHECK(door.name == "door");
  CHECK(door.line == gpio::LineId(27U));
  CHECK(door.bias == gpio::Bias::pull_up);
  CHECK(door.edge == gpio::Edge::falling);
  CHECK(door.debounce == 50ms);
  CHECK(door.active_low);
  const Input& window = config.inputs[1];
  CHECK(window.name == "window_2");
  CHECK(window.line == gpio::LineId("GPIO5"));
  CHECK(window.bias == gpio::Bias::pull_down);
  CHECK(window.edge == gpio::Edge::rising);
  CHECK(window.debounce == 0ms);
  CHECK_FALSE(window.active_low);

  REQUIRE(config.chat);
  CHECK(config.chat->room == "asm/chatt");
  CHECK(config.chat->name == "pi-kitchen");  // the gateway's name by default
  CHECK(config.chat->allow == std::vector<std::string>{"alice", "bob"});
  REQUIRE(config.sensors.size() == 6);
  const Sensor& dice = config.sensors[0];
  CHECK(dice.name == "dice");
  CHECK(dice.interval == 1s);
  CHECK(dice.topic == "asm/randint");
  CHECK(dice.digits == 0);
  CHECK(dice.retain);
  CHECK_FALSE(dice.min_delta);
  const auto& randint = std::get<RandintSensor>(dice.source);
  CHECK(randint.min == -5);
  CHECK(randint.max == 5);
  CHECK(randint.seed == 4242U);
  const Sensor& cpu = config.sensors[1];
  CHECK(std::get<CpuTempSensor>(cpu.source).zone == 2);
  CHECK(cpu.min_delta == 0.5);
  CHECK(cpu.max_silence == 10min);
  CHECK(std::get<Ds18b20Sensor>(config.sensors[2].source).id == "28-0316a2798bff");
  const Sensor& humidity = config.sensors[3];
  CHECK(std::get<IioSensor>(humidity.source).device ==
        std::variant<unsigned, std::string>("bme280"));
  CHECK(std::get<IioSensor>(humidity.source).channel == "in_humidityrelative");
  CHECK(humidity.max_silence == 10min);  // ten intervals of the default 60s
  CHECK(std::get<IioSensor>(config.sensors[4].source).device ==
        std::variant<unsigned, std::string>(1U));
  const auto& load = std::get<FileSensor>(config.sensors[5].source);
  CHECK(load.path == dir / "loadavg");  // relative to the file, not to sysfs_root
  CHECK(load.scale == 100);
  CHECK(load.offset == -0.5);
}

TEST_CASE("a sensor's omitted keys take their defaults", "[config][loader]") {
  auto result = load_string(R"(
[[sensor]]
name = "a"
kind = "randint"
[[sensor]]
name = "b"
kind = "cpu_temp"
[[sensor]]
name = "c"
kind = "ds18b20"
[[sensor]]
name = "d"
kind = "file"
path = "/run/level"
)",
                            "/etc/gpiogw/gpiogw.toml");
  for (const Diagnostic& error : result.errors) UNSCOPED_INFO(error.to_string());
  REQUIRE(result.config);
  const Config& config = *result.config;
  CHECK(config.gateway.sysfs_root == "/sys");
  REQUIRE(config.sensors.size() == 4);
  for (const Sensor& sensor : config.sensors) {
    CHECK(sensor.interval == 60s);
    CHECK(sensor.topic.empty());
    CHECK(sensor.digits == 2);
    CHECK_FALSE(sensor.retain);
    CHECK_FALSE(sensor.min_delta);
  }
  const auto& randint = std::get<RandintSensor>(config.sensors[0].source);
  CHECK(randint.min == 0);
  CHECK(randint.max == 10);
  CHECK_FALSE(randint.seed);
  CHECK(std::get<CpuTempSensor>(config.sensors[1].source).zone == 0);
  CHECK(std::get<Ds18b20Sensor>(config.sensors[2].source).id.empty());
  const auto& file = std::get<FileSensor>(config.sensors[3].source);
  CHECK(file.scale == 1);
  CHECK(file.offset == 0);
}

TEST_CASE("omitted keys take their defaults", "[config][loader]") {
  const Config config = load_valid(kConfigs / "valid/minimal.toml");
  const std::string name = sanitize_name(host_name());

  CHECK(config.gateway.name == name);
  CHECK(config.gateway.topic_prefix == "gpiogw/" + name);
  CHECK(config.mqtt.uris == std::vector<std::string>{"tcp://localhost:1883"});
  CHECK(config.mqtt.client_id == "gpiogw-" + name);
  CHECK(config.mqtt.username.empty());
  CHECK(config.mqtt.password_file.empty());
  CHECK(config.mqtt.keepalive == 30s);
  CHECK(config.mqtt.qos == 1);
  CHECK(config.mqtt.preset.empty());
  CHECK(config.mqtt.protocol == Protocol::v3_1_1);
  CHECK_FALSE(config.mqtt.clean_session);  // the broker keeps commands sent while away
  CHECK(config.mqtt.session_expiry == 5min);
  CHECK(config.mqtt.offline_buffer == 1000);
  CHECK_FALSE(config.mqtt.tls.insecure);
  CHECK(config.mqtt.tls.ca_file.empty());
  CHECK(config.mqtt.tls.cert_file.empty());
  CHECK(config.mqtt.tls.key_file.empty());
  CHECK(config.gpio.backend == BackendKind::gpiod);
  CHECK(config.gpio.chip == "auto");
  CHECK(config.gpio.sim_dir.empty());

  REQUIRE(config.outputs.size() == 1);
  CHECK(config.outputs[0].name == "relay1");
  CHECK(config.outputs[0].line == gpio::LineId(17U));
  CHECK_FALSE(config.outputs[0].active_low);
  CHECK(config.outputs[0].initial == Initial::off);
  CHECK_FALSE(config.outputs[0].max_on);
  CHECK(config.gateway.state_dir == "/var/lib/gpiogw");
  CHECK(config.homeassistant.discovery);
  CHECK(config.homeassistant.prefix == "homeassistant");

  REQUIRE(config.inputs.size() == 1);
  CHECK(config.inputs[0].bias == gpio::Bias::as_is);
  CHECK(config.inputs[0].edge == gpio::Edge::both);
  CHECK(config.inputs[0].debounce == 20ms);
  CHECK_FALSE(config.inputs[0].active_low);
  CHECK_FALSE(config.chat);
}

TEST_CASE("empty strings mean 'not set' where the example file uses them", "[config][loader]") {
  auto result = load_string(R"(
[gateway]
name = "gw"
[mqtt]
client_id = ""
password_file = ""
[mqtt.tls]
ca_file = ""
[gpio.mock]
sim_dir = ""
[[output]]
name = "relay1"
line = 17
max_on = ""
)",
                            "/etc/gpiogw/gpiogw.toml");
  REQUIRE(result.errors.empty());
  CHECK(result.config->mqtt.client_id == "gpiogw-gw");
  CHECK(result.config->mqtt.password_file.empty());
  CHECK(result.config->mqtt.tls.ca_file.empty());
  CHECK(result.config->gpio.sim_dir.empty());  // with backend gpiod, an empty sim_dir is fine
  CHECK_FALSE(result.config->outputs[0].max_on);
}

TEST_CASE("a preset and a transport expand to the broker's host and port", "[config][loader]") {
  const auto load = [](const std::string& mqtt_table) {
    auto result = load_string("[mqtt]\n" + mqtt_table, "gpiogw.toml");
    for (const Diagnostic& error : result.errors) UNSCOPED_INFO(error.to_string());
    REQUIRE(result.config);
    return result.config->mqtt;
  };
  const Mqtt plain = load("uri = \"hivemq\"\n");
  CHECK(plain.uris.front() == "tcp://broker.hivemq.com:1883");  // tcp unless told otherwise
  CHECK(plain.preset == "hivemq");
  CHECK(load("uri = \"hivemq\"\ntransport = \"tls\"\n").uris.front() ==
        "ssl://broker.hivemq.com:8883");
  CHECK(load("uri = \"hivemq\"\ntransport = \"ws\"\n").uris.front() ==
        "ws://broker.hivemq.com:8000/mqtt");
  CHECK(load("uri = \"hivemq\"\ntransport = \"wss\"\n").uris.front() ==
        "wss://broker.hivemq.com:8884/mqtt");
  CHECK(load("uri = \"mosquitto\"\ntransport = \"tls\"\n").uris.front() ==
        "ssl://test.mosquitto.org:8886");
  CHECK(load("uri = \"emqx\"\ntransport = \"wss\"\n").uris.front() ==
        "wss://broker.emqx.io:8084/mqtt");
  // TLS settings apply to a preset reached over TLS.
  const Mqtt tls = load("uri = \"eclipse\"\ntransport = \"wss\"\n[mqtt.tls]\ninsecure = true\n");
  CHECK(tls.uris.front() == "wss://mqtt.eclipseprojects.io:443/mqtt");
  CHECK(tls.tls.insecure);
  CHECK(load("uri = \"tcp://10.0.0.2\"\n").preset.empty());
}

TEST_CASE("dotted keys and inline tables are read like tables", "[config][loader]") {
  const Config config = load_valid(kConfigs / "valid/inline.toml");
  CHECK(config.gateway.name == "inline");
  CHECK(config.mqtt.uris == std::vector<std::string>{"ws://[::1]:9001/mqtt"});
  CHECK(config.gpio.backend == BackendKind::mock);
  REQUIRE(config.outputs.size() == 2);
  CHECK(config.outputs[1].line == gpio::LineId("GPIO1"));
  REQUIRE(config.inputs.size() == 1);
  CHECK(config.inputs[0].bias == gpio::Bias::disabled);
}

TEST_CASE("the shipped example and the demo config load", "[config][loader]") {
  const Config example = load_valid(kShipped / "gpiogw.toml");
  CHECK(example.gpio.backend == BackendKind::gpiod);
  CHECK(example.gpio.chip == "auto");
  REQUIRE_FALSE(example.outputs.empty());
  CHECK(example.outputs[0].name == "relay1");
  CHECK(example.outputs[0].line == gpio::LineId(17U));
  CHECK_FALSE(example.inputs.empty());
  CHECK(example.gateway.sysfs_root == "/sys");
  CHECK(example.sensors.size() == 5);  // one of each kind

  const Config demo = load_valid(kShipped / "demo.toml");
  CHECK(demo.gateway.name == "demo");
  CHECK(demo.gateway.topic_prefix == "gpiogw/demo");
  CHECK(demo.mqtt.uris.front() == "tcp://127.0.0.1:1883");
  CHECK(demo.gpio.backend == BackendKind::mock);
  REQUIRE(demo.outputs.size() == 2);
  CHECK(demo.outputs[0].name == "relay1");
  CHECK(demo.outputs[0].line == gpio::LineId(17U));
  CHECK(demo.outputs[1].name == "led");
  CHECK(demo.outputs[1].line == gpio::LineId("GPIO22"));
  REQUIRE(demo.inputs.size() == 2);
  CHECK(demo.inputs[1].name == "button");
  CHECK(demo.inputs[1].events.size() == 3);
  REQUIRE(demo.rules.size() == 1);
  CHECK(demo.rules[0].action == "toggle relay1");
  CHECK(demo.inputs[0].name == "door");
  CHECK(demo.inputs[0].line == gpio::LineId(27U));
  CHECK(demo.inputs[0].bias == gpio::Bias::pull_up);
  CHECK(demo.inputs[0].active_low);
  CHECK(demo.inputs[0].debounce == 20ms);
  REQUIRE(demo.sensors.size() == 1);
  CHECK(demo.sensors[0].topic == "asm/randint");
  CHECK(demo.sensors[0].interval == 1s);
  CHECK(std::get<RandintSensor>(demo.sensors[0].source).max == 10);
}

TEST_CASE("every config in valid/ loads without errors", "[config][loader]") {
  const auto files = files_in(kConfigs / "valid", ".toml");
  CHECK(files.size() >= 3);
  for (const fs::path& file : files) load_valid(file);
}

// Each broken/NAME.toml comes with broken/NAME.expected: its diagnostics, one a line, with the
// file named without its folder.
TEST_CASE("every config in broken/ reports exactly the expected diagnostics", "[config][loader]") {
  const auto files = files_in(kConfigs / "broken", ".toml");
  CHECK(files.size() >= 10);
  CHECK(files_in(kConfigs / "broken", ".expected").size() == files.size());
  for (const fs::path& file : files) {
    INFO(file.string());
    fs::path expected_file = file;
    expected_file.replace_extension(".expected");
    REQUIRE(fs::exists(expected_file));

    const LoadResult result = load_file(file);
    CHECK_FALSE(result.config);
    std::vector<std::string> actual;
    for (Diagnostic error : result.errors) {
      CHECK(error.file == file.string());
      error.file = file.filename().string();
      actual.push_back(error.to_string());
    }
    CHECK(actual == lines_of(expected_file));
  }
}

TEST_CASE("a file that cannot be read is one diagnostic with the reason", "[config][loader]") {
  const LoadResult missing = load_file(kConfigs / "no-such-file.toml");
  CHECK_FALSE(missing.config);
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].to_string() == (kConfigs / "no-such-file.toml").string() +
                                             ": cannot read the config file: No such file or "
                                             "directory");

  const LoadResult folder = load_file(kConfigs);
  REQUIRE(folder.errors.size() == 1);
  CHECK(folder.errors[0].message == "cannot read the config file: Is a directory");
}

TEST_CASE("load_string names its source and resolves paths against its folder",
          "[config][loader]") {
  const auto result = load_string("[gpio]\nbackend = \"mock\"\n[gpio.mock]\nsim_dir = \"sim\"\n",
                                  "/srv/gw/test.toml");
  REQUIRE(result.config);
  CHECK(result.config->source == "/srv/gw/test.toml");
  CHECK(result.config->gpio.sim_dir == "/srv/gw/sim");

  const auto broken = load_string("[mqtt]\nqos = 3\nqos = 1\n", "inline.toml");
  REQUIRE(broken.errors.size() == 1);  // the parser stops at its first error
  CHECK(broken.errors[0].file == "inline.toml");
  CHECK(broken.errors[0].line == 3);
  CHECK(broken.errors[0].key.empty());
}

TEST_CASE("Diagnostic::to_string leaves out what is not known", "[config][loader]") {
  CHECK(Diagnostic{"a.toml", 3, 7, "mqtt.qos", "bad"}.to_string() == "a.toml:3:7: mqtt.qos: bad");
  CHECK(Diagnostic{"a.toml", 3, 0, "mqtt.qos", "bad"}.to_string() == "a.toml:3: mqtt.qos: bad");
  CHECK(Diagnostic{"a.toml", 0, 0, "", "bad"}.to_string() == "a.toml: bad");
  CHECK(Diagnostic{"", 0, 0, "mqtt.qos", "bad"}.to_string() == "mqtt.qos: bad");
  CHECK(Diagnostic{"", 3, 7, "", "bad"}.to_string() == "3:7: bad");
  CHECK(Diagnostic{"", 0, 0, "", "bad"}.to_string() == "bad");
}

namespace {

// The diagnostics of a config text, each as Diagnostic::to_string() spells it.
std::vector<std::string> problems_of(const std::string& text) {
  const LoadResult result = load_string(text, "gw.toml");
  std::vector<std::string> problems;
  for (const Diagnostic& error : result.errors) problems.push_back(error.to_string());
  return problems;
}

// A gateway "gw" with output relay1, input door, one sensor "probe" with `topic`, and `extra`.
std::string with_sensor_topic(const std::string& topic, const std::string& extra = "") {
  return "[gateway]\nname = \"gw\"\n[gpio]\nbackend = \"mock\"\n"
         "[[output]]\nname = \"relay1\"\nline = 17\n[[input]]\nname = \"door\"\nline = 27\n" +
         extra + "\n[[sensor]]\nname = \"probe\"\nkind = \"randint\"\ntopic = \"" + topic + "\"\n" +
         "[[sensor]]\nname = \"other\"\nkind = \"randint\"\n";
}

}  // namespace

TEST_CASE("a sensor topic that the gateway subscribes to or publishes is refused at its key",
          "[config][loader]") {
  const std::string own = "; give the sensor a topic of its own";
  // The message of the one error, which must sit at the sensor's topic key.
  const auto refused = [&](const std::string& topic, const std::string& extra = "") {
    INFO(topic);
    const std::string text = with_sensor_topic(topic, extra);
    const LoadResult result = load_string(text, "gw.toml");
    REQUIRE(result.errors.size() == 1);
    const Diagnostic& error = result.errors.front();
    CHECK(error.key == "sensor[0].topic");
    const std::string before = text.substr(0, text.find("topic = "));
    CHECK(error.line == 1 + std::ranges::count(before, '\n'));
    CHECK(error.column == 9);
    return error.message;
  };
  CHECK(refused("gpiogw/gw/output/relay1/set") ==
        "\"gpiogw/gw/output/relay1/set\" is the command topic of output 'relay1', which the "
        "gateway subscribes to" +
            own);
  CHECK(refused("gpiogw/gw/output/relay1/pulse") ==
        "\"gpiogw/gw/output/relay1/pulse\" is the pulse topic of output 'relay1', which the "
        "gateway subscribes to" +
            own);
  CHECK(refused("gpiogw/gw/output/relay1") ==
        "\"gpiogw/gw/output/relay1\" is the state topic of output 'relay1'" + own);
  CHECK(refused("gpiogw/gw/input/door") ==
        "\"gpiogw/gw/input/door\" is the state topic of input 'door'" + own);
  CHECK(refused("gpiogw/gw/status") == "\"gpiogw/gw/status\" is the gateway's status topic" + own);
  CHECK(refused("gpiogw/gw/cmd") ==
        "\"gpiogw/gw/cmd\" is the gateway's command topic, which it subscribes to" + own);
  CHECK(refused("gpiogw/gw/cmd/reply") ==
        "\"gpiogw/gw/cmd/reply\" is the gateway's command reply topic" + own);
  CHECK(refused("gpiogw/gw/diagnostics/uptime") ==
        "\"gpiogw/gw/diagnostics/uptime\" is one of the gateway's diagnostics topics" + own);
  CHECK(refused("gpiogw/gw/sensor/other") ==
        "\"gpiogw/gw/sensor/other\" is the topic of sensor 'other'" + own);
  CHECK(refused("gpiogw/gw/sensor/probe/error") ==
        "\"gpiogw/gw/sensor/probe/error\" is the error topic of sensor 'probe'" + own);
  // Any topic in the chat room, the gateway's own reply topic as well as anyone's.
  const std::string chat = "[chat]\nroom = \"asm/chatt\"\nname = \"kitchen\"\n";
  for (const std::string topic : {"asm/chatt/kitchen", "asm/chatt/alice"}) {
    CHECK(refused(topic, chat) == "\"" + topic +
                                      "\" is in the chat room, which the gateway subscribes to "
                                      "(asm/chatt/+)" +
                                      own);
  }
  const std::string discovery = "[homeassistant]\ndiscovery = true\nprefix = \"ha\"\n";
  CHECK(refused("ha/status", discovery) ==
        "\"ha/status\" is Home Assistant's status topic, which the gateway subscribes to" + own);
  CHECK(refused("ha/sensor/node/probe/config", discovery) ==
        "\"ha/sensor/node/probe/config\" is a Home Assistant discovery topic, which the gateway "
        "publishes and subscribes to" +
            own);

  // Clear of them all: fine. So is a sensor's own default topic.
  for (const std::string topic :
       {"asm/randint", "gpiogw/gw/output/relay1/set/more", "gpiogw/gw/outputs/relay1/set",
        "gpiogw/gw/sensor/probe", "asm/chatt", "asm/chatt/alice/x", "ha/status"}) {
    INFO(topic);
    CHECK(problems_of(with_sensor_topic(topic, chat)).empty());
  }
}

TEST_CASE("config errors show outside text bounded and printable", "[config][loader]") {
  // A 10 MB gateway name, a control character in a key and a value: one short line each.
  const std::string huge(10 << 20, 'n');
  const auto problems = problems_of("[gateway]\nname = \"" + huge +
                                    "\"\n\"bad\\nkey\" = 1\n[gpio]\nbackend = \"a\\u001b\"\n");
  REQUIRE(problems.size() == 3);
  for (const std::string& problem : problems) {
    INFO(problem.substr(0, 200));
    CHECK(problem.size() < 300);
    CHECK(
        std::ranges::none_of(problem, [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
  }
  CHECK(problems[0].starts_with("gw.toml:2:8: gateway.name: \"" + std::string(64, 'n') +
                                "\"... (10485760 bytes) is 10485760 characters long"));
  CHECK(problems[1] == R"(gw.toml:3:1: gateway: unknown key "bad\x0akey")");
  CHECK(problems[2].starts_with(R"(gw.toml:5:11: gpio.backend: unknown value "a\x1b")"));
}

TEST_CASE("a broker URI with a login is refused without showing the password", "[config][loader]") {
  const auto problems = problems_of("[mqtt]\nuri = \"tcp://alice:s3cret@broker:1883\"\n");
  CHECK(problems == std::vector<std::string>{
                        "gw.toml:2:7: mqtt.uri: \"tcp://***@broker:1883\" has a user name or "
                        "password in it; set [mqtt] username and password_file instead"});
}

TEST_CASE("uri takes a list of broker nodes, presets expanded", "[config][loader]") {
  auto result = load_string(
      "[mqtt]\nuri = [\"ssl://a.example:8883\", \"hivemq\"]\ntransport = \"tls\"\n"
      "[mqtt.tls]\nca_file = \"/etc/ssl/certs/ca-certificates.crt\"\n",
      "gw.toml");
  for (const Diagnostic& error : result.errors) UNSCOPED_INFO(error.to_string());
  REQUIRE(result.config);
  CHECK(result.config->mqtt.uris ==
        std::vector<std::string>{"ssl://a.example:8883", "ssl://broker.hivemq.com:8883"});
  CHECK(result.config->mqtt.preset == "hivemq");
}

TEST_CASE("a bad node in a uri list is reported at that node", "[config][loader]") {
  CHECK(problems_of("[mqtt]\nuri = [\"tcp://a:1883\", \"tcp://alice:pw@b:1883\", \"hivmq\"]\n") ==
        std::vector<std::string>{
            "gw.toml:2:24: mqtt.uri[1]: \"tcp://***@b:1883\" has a user name or password in it; "
            "set [mqtt] username and password_file instead",
            "gw.toml:2:49: mqtt.uri[2]: " +
                problems_of("[mqtt]\nuri = \"hivmq\"\n")
                    .at(0)
                    .substr(std::string("gw.toml:2:7: mqtt.uri: ").size())});
  CHECK(problems_of("[mqtt]\nuri = [\"tcp://a:1883\", \"tcp://a:1883\"]\n") ==
        std::vector<std::string>{"gw.toml:2:24: mqtt.uri[1]: \"tcp://a:1883\" is listed twice"});
  CHECK(problems_of("[mqtt]\nuri = [\"tcp://a:1883\", \"ssl://b:8883\"]\n") ==
        std::vector<std::string>{
            "gw.toml:2:24: mqtt.uri[1]: \"ssl://b:8883\" is reached over TLS, but \"tcp://a:1883\" "
            "over "
            "plain TCP: every node of the list must use the same transport"});
  CHECK(problems_of("[mqtt]\nuri = []\n") ==
        std::vector<std::string>{"gw.toml:2:7: mqtt.uri: must not be empty"});
  CHECK(problems_of("[mqtt]\nuri = 1883\n") ==
        std::vector<std::string>{
            "gw.toml:2:7: mqtt.uri: expected a string or an array of strings, got an integer"});
}

TEST_CASE("inf and nan are no numbers for a sensor's scale, offset or min_delta",
          "[config][loader]") {
  const auto problems = problems_of(
      "[[sensor]]\nname = \"level\"\nkind = \"file\"\npath = \"/x\"\nscale = inf\noffset = nan\n"
      "min_delta = -inf\n");
  CHECK(problems == std::vector<std::string>{
                        "gw.toml:5:9: sensor[0].scale: must be a finite number, got inf",
                        "gw.toml:6:10: sensor[0].offset: must be a finite number, got nan",
                        "gw.toml:7:13: sensor[0].min_delta: must be a finite number, got -inf"});
}

TEST_CASE("a password_file that cannot be opened is an error at its key", "[config][loader]") {
  // Relative to the config's folder; the data folder has no such file, and is itself a folder.
  const std::string config = (kConfigs / "gw.toml").string();
  const auto load = [&](const std::string& file) {
    const LoadResult result =
        load_string("[mqtt]\nusername = \"alice\"\npassword_file = \"" + file + "\"\n", config);
    std::vector<std::string> problems;
    for (const Diagnostic& error : result.errors) problems.push_back(error.to_string());
    return problems;
  };
  CHECK(load("no-such-password") ==
        std::vector<std::string>{config + ":3:17: mqtt.password_file: cannot read \"" +
                                 (kConfigs / "no-such-password").string() +
                                 "\": No such file or directory"});
  CHECK(load("valid") ==
        std::vector<std::string>{config + ":3:17: mqtt.password_file: \"" +
                                 (kConfigs / "valid").string() + "\" is a directory, not a file"});
  CHECK(load("valid/secrets/mqtt.password").empty());
}
