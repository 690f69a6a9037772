// Sensors end to end: fake sysfs trees in a temp dir, gpiogw as a process, a real mosquitto.
#include <catch2/catch_test_macros.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::eventually;
using gpiogw::test::GatewayProcess;
using gpiogw::test::MqttProbe;
using gpiogw::test::standard_config;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kSensors = "gpiogw/test/sensor/";

constexpr std::string_view kW1Good =
    "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23187\n";
constexpr std::string_view kW1BadCrc =
    "72 01 4b 46 7f ff 0e 10 57 : crc=00 NO\n72 01 4b 46 7f ff 0e 10 57 t=23187\n";

void put(const TempDir& root, const std::string& file, std::string_view text) {
  fs::create_directories((root / file).parent_path());
  write_file(root / file, text);
}

std::size_t count(const std::string& text, std::string_view part) {
  std::size_t found = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

// Replaces the file's content at once, so that a read never sees it half written.
void replace(const fs::path& file, std::string_view text) {
  write_file(file.string() + ".new", text);
  fs::rename(file.string() + ".new", file);
}

// Waits until the probe holds at least `n` payloads on `topic`; returns when that was seen.
std::chrono::steady_clock::time_point when_count(const MqttProbe& probe, const std::string& topic,
                                                 std::size_t n) {
  REQUIRE(eventually([&] { return probe.payloads_on(topic).size() >= n; }, 20s));
  return std::chrono::steady_clock::now();
}

std::string randint_sensor(std::string_view seed) {
  return std::string(
             "\n[[sensor]]\nname = \"dice\"\nkind = \"randint\"\ninterval = \"200ms\"\n"
             "topic = \"asm/randint\"\nmin = 3\nmax = 6\n") +
         (seed.empty() ? "" : "seed = " + std::string(seed) + "\n");
}

// The first `n` values a fresh gateway with this randint sensor publishes.
std::vector<std::string> first_randints(std::string_view seed, std::size_t n) {
  Broker broker;
  MqttProbe probe(broker.uri(), "probe-randint");
  probe.subscribe("asm/randint");  // before the gateway connects: its first value counts too
  GatewayProcess gateway(standard_config(broker.uri(), "sim") + randint_sensor(seed));
  when_count(probe, "asm/randint", n);
  auto values = probe.payloads_on("asm/randint");
  values.resize(n);
  return values;
}

}  // namespace

TEST_CASE("sensors read a fake sysfs tree and publish each value on its topic", "[sensors]") {
  TempDir sys("gpiogw-sys");
  put(sys, "class/thermal/thermal_zone0/temp", "48312\n");
  put(sys, "bus/w1/devices/28-00000b1e7a01/w1_slave", kW1Good);
  put(sys, "bus/w1/devices/28-0316a2798bff/w1_slave", kW1BadCrc);
  put(sys, "bus/w1/devices/w1_bus_master1/name", "w1_bus_master1\n");
  put(sys, "bus/iio/devices/iio:device0/name", "dht22\n");
  put(sys, "bus/iio/devices/iio:device0/in_temp_input", "23400\n");
  put(sys, "bus/iio/devices/iio:device0/in_humidityrelative_raw", "4560\n");
  put(sys, "bus/iio/devices/iio:device0/in_humidityrelative_scale", "10\n");
  put(sys, "bus/iio/devices/iio:device0/in_humidityrelative_offset", "4\n");
  TempDir files("gpiogw-files");
  write_file(files / "level", "42\n");
  const std::string sensors =
      "\n[[sensor]]\nname = \"cpu\"\nkind = \"cpu_temp\"\ninterval = \"200ms\"\ndigits = 1\n"
      "\n[[sensor]]\nname = \"garden\"\nkind = \"ds18b20\"\ninterval = \"200ms\"\n"
      "\n[[sensor]]\nname = \"pond\"\nkind = \"ds18b20\"\nid = \"28-0316a2798bff\"\n"
      "interval = \"200ms\"\n"
      "\n[[sensor]]\nname = \"shed\"\nkind = \"ds18b20\"\nid = \"28-000000000bad\"\n"
      "interval = \"200ms\"\n"
      "\n[[sensor]]\nname = \"air\"\nkind = \"iio\"\ndevice = \"dht22\"\nchannel = \"in_temp\"\n"
      "interval = \"200ms\"\n"
      "\n[[sensor]]\nname = \"humidity\"\nkind = \"iio\"\ndevice = 0\n"
      "channel = \"in_humidityrelative\"\ninterval = \"200ms\"\nretain = true\n"
      "\n[[sensor]]\nname = \"level\"\nkind = \"file\"\npath = \"" +
      (files / "level").string() + "\"\nscale = 0.5\noffset = 1\ninterval = \"200ms\"\n";
  Broker broker;
  MqttProbe probe(broker.uri(), "probe-sensors");
  probe.subscribe(kSensors + "#");
  GatewayProcess gateway(standard_config(broker.uri(), "sim", "", sys.path()) + sensors);

  CHECK(probe.wait_for(kSensors + "cpu", "48.3"));
  CHECK(probe.wait_for(kSensors + "garden", "23.19"));  // the first sensor on the bus
  CHECK(probe.wait_for(kSensors + "air", "23.4"));
  CHECK(probe.wait_for(kSensors + "humidity", "45.64"));  // (4560 + 4) * 10 milli-percent
  CHECK(probe.wait_for(kSensors + "level", "22"));
  CHECK(probe.wait_for(
      kSensors + "pond/error",
      (sys / "bus/w1/devices/28-0316a2798bff/w1_slave").string() + ": CRC check failed (NO)"));
  CHECK(probe.wait_for(kSensors + "shed/error", "no 1-Wire sensor 28-000000000bad under " +
                                                    (sys / "bus/w1/devices").string()));
  CHECK(probe.payloads_on(kSensors + "pond").empty());

  // mosquitto_sub sees them too; the retained one even after the fact.
  const auto read = gpiogw::test::run_command(
      {"mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-t",
       kSensors + "humidity", "-C", "1", "-W", "5"},
      10s);
  CHECK(read.status == 0);
  CHECK(read.output == "45.64\n");

  // A failure streak is logged and reported once, however many reads fail (five more, about).
  when_count(probe, kSensors + "cpu", 6);

  // Mended, the sensor reads again, and says so once. Its reading comes after all that the
  // streak caused: one report, one line in the log.
  put(sys, "bus/w1/devices/28-0316a2798bff/w1_slave", kW1Good);
  CHECK(probe.wait_for(kSensors + "pond", "23.19"));
  CHECK(probe.payloads_on(kSensors + "pond/error").size() == 1);
  CHECK(gateway.process().wait_for_output("sensor 'pond' reads again after", 5s));
  CHECK(count(gateway.log(), "CRC check failed") == 1);
  // Other sensors never noticed.
  CHECK(gateway.process().running());
  CHECK(probe.payloads_on(kSensors + "cpu/error").empty());
}

TEST_CASE("randint values stay in bounds and come one per interval", "[sensors]") {
  Broker broker;
  MqttProbe probe(broker.uri(), "probe-randint");
  probe.subscribe("asm/randint");
  GatewayProcess gateway(standard_config(broker.uri(), "sim") + randint_sensor(""));
  const auto first = when_count(probe, "asm/randint", 1);
  const auto eleventh = when_count(probe, "asm/randint", 11);
  // Ten intervals of 200 ms: not a burst; the margin is for the first message arriving late on
  // a loaded machine (the phase is kept, so the others do not lag behind it).
  CHECK(eleventh - first >= 10 * 200ms - 500ms);
  CHECK(eleventh - first < 10s);
  for (const auto& value : probe.payloads_on("asm/randint")) {
    INFO(value);
    CHECK((value == "3" || value == "4" || value == "5" || value == "6"));
  }
}

TEST_CASE("a seeded randint sensor repeats its values run after run", "[sensors]") {
  const auto first = first_randints("1234", 8);
  CHECK(first_randints("1234", 8) == first);
  CHECK(first_randints("4321", 8) != first);
}

TEST_CASE("a read that hangs delays neither GPIO commands nor other sensors", "[sensors]") {
  TempDir files("gpiogw-files");
  // Reading a FIFO blocks until someone writes: a DS18B20 conversion that never ends.
  REQUIRE(mkfifo((files / "slow").c_str(), 0600) == 0);
  Broker broker;
  MqttProbe probe(broker.uri(), "probe-slow");
  probe.subscribe(kSensors + "#");
  probe.subscribe("asm/randint");
  probe.subscribe("gpiogw/test/output/relay1");
  GatewayProcess gateway(standard_config(broker.uri(), "sim") + randint_sensor("") +
                         "\n[[sensor]]\nname = \"slow\"\nkind = \"file\"\npath = \"" +
                         (files / "slow").string() + "\"\ninterval = \"200ms\"\n");
  REQUIRE(probe.wait_for("gpiogw/test/output/relay1", "OFF"));
  REQUIRE(gateway.process().wait_for_output("sensor 'slow': a read is still running", 5s));

  probe.publish("gpiogw/test/output/relay1/set", "ON");
  CHECK(probe.wait_for("gpiogw/test/output/relay1", "ON", 2s));
  const std::size_t randints = probe.payloads_on("asm/randint").size();
  when_count(probe, "asm/randint", randints + 3);
  CHECK(probe.payloads_on(kSensors + "slow").empty());

  // The read ends when the FIFO gets a writer; its value is published.
  int fd = -1;
  REQUIRE(eventually(
      [&] { return (fd = open((files / "slow").c_str(), O_WRONLY | O_NONBLOCK)) >= 0; }, 5s));
  REQUIRE(write(fd, "42\n", 3) == 3);
  close(fd);
  CHECK(probe.wait_for(kSensors + "slow", "42"));
  CHECK(probe.payloads_on(kSensors + "slow") == std::vector<std::string>{"42"});  // none before

  // A read hanging again does not hold up a clean stop.
  REQUIRE(eventually(
      [&] {
        return gateway.log().find("a read is still running") !=
               gateway.log().rfind("a read is still running");
      },
      5s));
  gateway.process().signal(SIGTERM);
  CHECK(gateway.process().wait_for_exit(3s) == 0);
}

TEST_CASE("read in the chat room answers with a sensor's last reading", "[sensors][chat]") {
  Broker broker;
  MqttProbe alice(broker.uri(), "alice");
  alice.subscribe("test/room/+");
  GatewayProcess gateway(standard_config(broker.uri(), "sim") +
                         "\n[chat]\nroom = \"test/room\"\n"
                         "\n[[sensor]]\nname = \"dice\"\nkind = \"randint\"\nmin = 5\nmax = 5\n");
  REQUIRE(gateway.process().wait_for_output("connected to", 10s));
  REQUIRE(eventually(
      [&] {
        alice.publish("test/room/alice", "@test read dice");
        return alice.wait_for("test/room/test", "@alice ok: dice 5", 500ms);
      },
      10s));
  alice.publish("test/room/alice", "@test read dise");
  CHECK(alice.wait_for("test/room/test", "@alice error: unknown sensor 'dise'; sensors: dice"));
}

TEST_CASE("a failure streak is reported once whatever its reasons; a good reading ends it",
          "[sensors]") {
  TempDir files("gpiogw-files");
  const fs::path noise = files / "noise";
  replace(noise, "garbage 0\n");
  const std::string error_topic = kSensors + "noise/error";
  Broker broker;
  MqttProbe probe(broker.uri(), "probe-streak");
  probe.subscribe(kSensors + "#");
  GatewayProcess gateway(standard_config(broker.uri(), "sim") +
                         "\n[[sensor]]\nname = \"noise\"\nkind = \"file\"\npath = \"" +
                         noise.string() + "\"\ninterval = \"100ms\"\n");
  when_count(probe, error_topic, 1);
  // Other bytes before every read (100 ms apart): each read fails for a reason of its own.
  for (int i = 1; i <= 20; ++i) {
    replace(noise, "garbage " + std::to_string(i) + "\n");
    std::this_thread::sleep_for(50ms);
  }
  // A good reading ends the streak. Its message comes after all the streak caused: one report.
  replace(noise, "7\n");
  CHECK(probe.wait_for(kSensors + "noise", "7"));
  CHECK(probe.payloads_on(error_topic).size() == 1);
  CHECK(gateway.process().wait_for_output("sensor 'noise' reads again after", 5s));
  CHECK(count(gateway.log(), "sensor 'noise': ") == 1);

  // The next failure starts a new streak, reported again.
  replace(noise, "garbage again\n");
  when_count(probe, error_topic, 2);
  CHECK(probe.payloads_on(error_topic).back() ==
        noise.string() + R"(: not a number: "garbage again\x0a")");
}

TEST_CASE("a file sensor's value that scales past the double range is a read error, not inf",
          "[sensors]") {
  TempDir files("gpiogw-files");
  const fs::path huge = files / "huge";
  replace(huge, "1e308\n");
  Broker broker;
  MqttProbe probe(broker.uri(), "probe-finite");
  probe.subscribe(kSensors + "#");
  GatewayProcess gateway(standard_config(broker.uri(), "sim") +
                         "\n[[sensor]]\nname = \"huge\"\nkind = \"file\"\npath = \"" +
                         huge.string() + "\"\nscale = 10\ninterval = \"100ms\"\n");
  CHECK(probe.wait_for(kSensors + "huge/error", "the reading is not a finite number (inf)"));
  replace(huge, "1.5\n");
  CHECK(probe.wait_for(kSensors + "huge", "15"));
  CHECK(probe.payloads_on(kSensors + "huge") == std::vector<std::string>{"15"});
}
