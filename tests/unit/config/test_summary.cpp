#include "gpiogw/config/summary.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace std::chrono_literals;
using namespace gpiogw::config;
using Catch::Matchers::ContainsSubstring;
namespace gpio = gpiogw::gpio;

namespace {

Sensor sensor(std::string name, SensorSource source, Duration interval, std::string topic = "") {
  Sensor sensor;
  sensor.name = std::move(name);
  sensor.source = std::move(source);
  sensor.interval = interval;
  sensor.topic = std::move(topic);
  return sensor;
}

Config sample() {
  Config config;
  config.source = "/etc/gpiogw/gpiogw.toml";
  config.gateway = {"pi-kitchen", "home/kitchen"};
  config.mqtt.uris = {"ssl://broker:8883"};
  config.mqtt.client_id = "gpiogw-pi-kitchen";
  config.mqtt.username = "alice";
  config.mqtt.password_file = "/etc/gpiogw/mqtt.password";
  config.mqtt.keepalive = 90s;
  config.mqtt.qos = 2;
  config.mqtt.tls.ca_file = "/etc/gpiogw/ca.pem";
  config.outputs.push_back(
      {.name = "relay1", .line = 17U, .active_low = true, .initial = Initial::on, .max_on = 10min});
  config.outputs.push_back({.name = "lamp",
                            .line = "GPIO22",
                            .active_low = false,
                            .initial = Initial::restore,
                            .max_on = std::nullopt,
                            .interlock = "light",
                            .interlock_wait = 500ms,
                            .on_disconnect = OnDisconnect::off,
                            .shutdown = OnShutdown::off});
  config.outputs.push_back({.name = "spot", .line = 23U, .interlock = "light"});
  config.inputs.push_back({.name = "door",
                           .line = 27U,
                           .bias = gpio::Bias::pull_up,
                           .edge = gpio::Edge::falling,
                           .debounce = 1500ms,
                           .active_low = true});
  config.chat = Chat{.room = "asm/chatt", .name = "pi-kitchen", .allow = {"alice", "bob"}};
  config.gateway.sysfs_root = "/srv/fake-sys";
  config.sensors = {
      sensor("randint", RandintSensor{.min = 0, .max = 10, .seed = 42}, 1s, "asm/randint"),
      sensor("cpu", CpuTempSensor{.zone = 1}, 1min),
      sensor("garden", Ds18b20Sensor{.id = "28-0316a2798bff"}, 30s),
      sensor("first_w1", Ds18b20Sensor{}, 30s),
      sensor("humidity", IioSensor{.device = "bme280", .channel = "in_humidityrelative"}, 10s),
      sensor("adc", IioSensor{.device = 0U, .channel = "in_voltage0"}, 10s),
      sensor("load", FileSensor{.path = "/proc/loadavg", .scale = 100, .offset = 0.5}, 5s)};
  return config;
}

}  // namespace

TEST_CASE("the summary lists everything the config declares, aligned", "[config][summary]") {
  CHECK(
      summarize(sample()) ==
      "config   /etc/gpiogw/gpiogw.toml\n"
      "gateway  pi-kitchen, topics under home/kitchen/\n"
      "         restores outputs from /var/lib/gpiogw/outputs.state\n"
      "mqtt     ssl://broker:8883, client id gpiogw-pi-kitchen, qos 2, keepalive 90s\n"
      "         MQTT 3.1.1, persistent session, offline buffer 1000\n"
      "         user alice, password from /etc/gpiogw/mqtt.password\n"
      "         tls ca /etc/gpiogw/ca.pem\n"
      "gpio     gpiod backend, chip auto\n"
      "outputs  name    line    active  initial  max_on  rules\n"
      "         relay1  17      low     on       10m     -\n"
      "         lamp    GPIO22  high    restore  -       interlock light +500ms, on_disconnect off "
      "after 30s, shutdown off\n"
      "         spot    23      high    off      -       interlock light\n"
      "inputs   name  line  bias     edge     debounce  active\n"
      "         door  27    pull-up  falling  1.5s      low\n"
      "sensors  name      kind      reads                       interval  topic\n"
      "         randint   randint   0..10, seed 42              1s        asm/randint\n"
      "         cpu       cpu_temp  thermal zone 1              1m        home/kitchen/sensor/cpu\n"
      "         garden    ds18b20   28-0316a2798bff             30s       "
      "home/kitchen/sensor/garden\n"
      "         first_w1  ds18b20   the first 1-Wire sensor     30s       "
      "home/kitchen/sensor/first_w1\n"
      "         humidity  iio       bme280 in_humidityrelative  10s       "
      "home/kitchen/sensor/humidity\n"
      "         adc       iio       iio:device0 in_voltage0     10s       "
      "home/kitchen/sensor/adc\n"
      "         load      file      /proc/loadavg * 100 + 0.5   5s        "
      "home/kitchen/sensor/load\n"
      "         sysfs under /srv/fake-sys\n"
      "chat     room asm/chatt as 'pi-kitchen', commands from alice, bob\n"
      "ha       discovery under homeassistant/\n");
}

TEST_CASE("the summary leaves out what is not set", "[config][summary]") {
  Config config = sample();
  config.mqtt.username.clear();
  config.mqtt.password_file.clear();
  config.mqtt.tls = {};
  config.outputs.clear();
  config.inputs.clear();
  config.sensors.clear();
  const std::string summary = summarize(config);
  CHECK_THAT(summary, !ContainsSubstring("user") && !ContainsSubstring("password") &&
                          !ContainsSubstring("tls"));
  CHECK_THAT(summary, ContainsSubstring("outputs  none\n") &&
                          ContainsSubstring("inputs   none\n") &&
                          ContainsSubstring("sensors  none\n") && !ContainsSubstring("sysfs"));
}

TEST_CASE("the summary names a preset as a public test broker", "[config][summary]") {
  Config config = sample();
  config.mqtt.preset = "hivemq";
  config.mqtt.uris = {"ssl://broker.hivemq.com:8883"};
  CHECK_THAT(summarize(config),
             ContainsSubstring("mqtt     ssl://broker.hivemq.com:8883 (preset hivemq: a public "
                               "test broker, never for real devices), client id"));
}

TEST_CASE("the summary shows every broker node", "[config][summary]") {
  Config config = sample();
  config.mqtt.uris = {"ssl://node1:8883", "ssl://node2:8883", "ssl://node3:8883"};
  CHECK(summarize(config).find("mqtt     ssl://node1:8883 or ssl://node2:8883 or ssl://node3:8883, "
                               "client id") != std::string::npos);
}

TEST_CASE("the summary shows the session, the protocol and an insecure TLS setup",
          "[config][summary]") {
  Config config = sample();
  config.mqtt.protocol = Protocol::v5;
  config.mqtt.session_expiry = 10min;
  config.mqtt.offline_buffer = 50;
  config.mqtt.tls.insecure = true;
  const std::string summary = summarize(config);
  CHECK_THAT(summary, ContainsSubstring("         MQTT 5, persistent session kept for 10m, "
                                        "offline buffer 50\n"));
  CHECK_THAT(summary, ContainsSubstring("INSECURE: no certificate or host name checks"));
  config.mqtt.clean_session = true;
  CHECK_THAT(summarize(config), ContainsSubstring("MQTT 5, clean session, offline buffer 50\n"));
}

TEST_CASE("the summary shows the sim dir for the mock, not the chip", "[config][summary]") {
  Config config = sample();
  config.gpio.backend = BackendKind::mock;
  CHECK_THAT(summarize(config), ContainsSubstring("gpio     mock backend, no sim dir\n"));
  config.gpio.sim_dir = "/tmp/sim";
  CHECK_THAT(summarize(config), ContainsSubstring("gpio     mock backend, sim dir /tmp/sim\n") &&
                                    !ContainsSubstring("chip"));
}
