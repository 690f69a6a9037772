// Black-box tests: a real mosquitto, gpiogw as a process on the mock backend, driven over MQTT and
// through the mock's gpio-sim-like files.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <csignal>
#include <thread>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::GatewayProcess;
using gpiogw::test::MqttProbe;

namespace {

using namespace gpiogw::test::standard_topics;

// Started, connected and done with its first round of state messages.
std::unique_ptr<GatewayProcess> start_gateway(const Broker& broker) {
  auto gateway = GatewayProcess::standard(broker.uri());
  MqttProbe probe(broker.uri(), "probe-start");
  probe.subscribe(kPrefix + "/#");
  REQUIRE(probe.wait_for(kStatus, "online"));
  REQUIRE(probe.wait_for(kDoor, "OFF"));
  return gateway;
}

// A broker, a started gateway and a probe that watches one topic, has seen its first message and
// forgotten it, so a test sees only what its own actions cause.
struct Running {
  Running(const std::string& watched, const std::string& first) {
    probe.subscribe(watched);
    REQUIRE(probe.wait_for(watched, first));
    probe.clear();
  }
  Broker broker;
  std::unique_ptr<GatewayProcess> gateway = start_gateway(broker);
  MqttProbe probe{broker.uri(), "probe"};
};

}  // namespace

TEST_CASE("after connecting the gateway publishes online and every state, retained", "[gateway]") {
  Broker broker;
  auto gateway = start_gateway(broker);
  // A client that arrives later sees it all from retained messages.
  MqttProbe late(broker.uri(), "late");
  late.subscribe(kPrefix + "/#");
  CHECK(late.wait_for(kStatus, "online"));
  CHECK(late.wait_for(kRelay, "OFF"));
  CHECK(late.wait_for(kLamp, "ON"));
  CHECK(late.wait_for(kDoor, "OFF"));
  for (const auto& message : late.messages()) CHECK(message.retained);
  // lamp is active-low and initially on: its physical level is low.
  CHECK(gateway->sim_value(22) == "0");
  CHECK(gateway->sim_value(17) == "0");
}

TEST_CASE("an output follows commands and reports the level read back", "[gateway]") {
  Running running(kRelay, "OFF");
  auto& [broker, gateway, probe] = running;
  probe.publish(kRelay + "/set", "ON");
  CHECK(probe.wait_for(kRelay, "ON"));
  CHECK(gateway->sim_value(17) == "1");

  probe.publish(kRelay + "/set", "toggle");
  CHECK(probe.wait_for(kRelay, "OFF"));
  CHECK(gateway->sim_value(17) == "0");

  probe.publish(kLamp + "/set", "false");  // active-low: logical off is physical high
  probe.subscribe(kLamp);
  CHECK(probe.wait_for(kLamp, "OFF"));
  CHECK(gateway->sim_value(22) == "1");
  CHECK(gateway->process().wait_for_output("output 'relay1' ON (command)", 1s));
}

TEST_CASE("mosquitto_pub and mosquitto_sub work against the gateway", "[gateway]") {
  Broker broker;
  auto gateway = start_gateway(broker);
  const auto port = std::to_string(broker.port());
  const auto published = gpiogw::test::run_command(
      {"mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t", kRelay + "/set", "-m", "on"}, 5s);
  REQUIRE(published.status == 0);
  REQUIRE(gpiogw::test::eventually([&] { return gateway->sim_value(17) == "1"; }, 5s));
  // The retained state is what a newcomer reads (once the gateway has published it: the line
  // moves first).
  std::string read;
  CHECK(gpiogw::test::eventually(
      [&] {
        const auto sub = gpiogw::test::run_command(
            {"mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", kRelay, "-C", "1", "-W", "5"},
            10s);
        read = sub.output;
        return sub.status == 0 && read == "ON\n";
      },
      10s));
  CHECK(read == "ON\n");
}

TEST_CASE("a bad payload changes nothing and is logged", "[gateway]") {
  Running running(kRelay, "OFF");
  auto& [broker, gateway, probe] = running;
  for (const auto& bad : std::vector<std::string>{"maybe", "", "ONN", "\x01\xff", "2"}) {
    probe.publish(kRelay + "/set", bad);
  }
  // A valid command after the bad ones proves they were all processed (same topic, in order).
  probe.publish(kLamp + "/set", "OFF");
  REQUIRE(gateway->process().wait_for_output("output 'lamp' OFF (command)", 5s));
  CHECK(probe.payloads_on(kRelay).empty());
  CHECK(gateway->sim_value(17) == "0");
  const auto log = gateway->log();
  CHECK(log.find("ignoring gpiogw/test/output/relay1/set: payload \"maybe\" is not one of") !=
        std::string::npos);
  CHECK(log.find("payload \"\\x01\\xff\"") != std::string::npos);
  CHECK(gateway->process().running());
}

TEST_CASE("a retained command is ignored", "[gateway]") {
  Broker broker;
  MqttProbe probe(broker.uri(), "retainer");
  probe.publish(kRelay + "/set", "ON", 1, true);
  auto gateway = start_gateway(broker);
  REQUIRE(gateway->process().wait_for_output("ignoring retained command", 5s));
  CHECK(gateway->sim_value(17) == "0");
}

TEST_CASE("with MQTT 5 a live retained command is ignored too, a plain one carried out",
          "[gateway]") {
  Broker broker;
  MqttProbe probe(broker.uri(), "retainer");
  probe.subscribe(kRelay);
  auto gateway = GatewayProcess::standard(broker.uri(), "protocol = 5\n");
  REQUIRE(probe.wait_for(kRelay, "OFF", 10s));
  REQUIRE(gateway->process().wait_for_output("(MQTT 5,", 1s));
  // Published while the gateway is subscribed: the broker delivers it live.
  probe.publish(kRelay + "/set", "ON", 1, true);
  CHECK(gateway->process().wait_for_output(
      "ignoring retained command on \"gpiogw/test/output/relay1/set\" (\"ON\")", 5s));
  probe.publish(kRelay + "/set", "", 1, true);  // clears the broker's retained command
  probe.publish(kLamp + "/set", "OFF");         // in order after it, on the same connection
  REQUIRE(gateway->process().wait_for_output("output 'lamp' OFF (command)", 5s));
  CHECK(gateway->sim_value(17) == "0");
  probe.publish(kRelay + "/set", "ON");
  CHECK(probe.wait_for(kRelay, "ON"));
  CHECK(gateway->sim_value(17) == "1");
}

TEST_CASE("a bouncing input edge gives exactly one debounced state message", "[gateway]") {
  Running running(kDoor, "OFF");
  auto& [broker, gateway, probe] = running;
  // The door is active-low with a pull-up: pulling the line down opens it (ON). Bounce first.
  for (const char* pull : {"pull-down", "pull-up", "pull-down", "pull-up", "pull-down"}) {
    gateway->set_pull(27, pull);
    std::this_thread::sleep_for(2ms);
  }
  REQUIRE(probe.wait_for(kDoor, "ON"));
  CHECK(gateway->sim_value(27) == "0");
  // A clean edge after it: its message comes a debounce period after the edge, so any message
  // the bounce might still cause (its edges and timers all came before) would arrive before it.
  gateway->set_pull(27, "pull-up");
  REQUIRE(probe.wait_for(kDoor, "OFF"));
  CHECK(probe.payloads_on(kDoor) == std::vector<std::string>{"ON", "OFF"});

  // A bounce that ends where it started publishes nothing; again a clean edge follows, far enough
  // after the bounce (two debounce periods) to be an edge of its own, and its message comes first.
  probe.clear();
  gateway->set_pull(27, "pull-down");
  std::this_thread::sleep_for(2ms);
  gateway->set_pull(27, "pull-up");
  std::this_thread::sleep_for(300ms);
  gateway->set_pull(27, "pull-down");
  REQUIRE(probe.wait_for(kDoor, "ON"));
  CHECK(probe.payloads_on(kDoor) == std::vector<std::string>{"ON"});
}

TEST_CASE("when the gateway is killed the broker publishes its last will, offline", "[gateway]") {
  Running running(kStatus, "online");
  auto& [broker, gateway, probe] = running;
  gateway->process().signal(SIGKILL);
  CHECK(probe.wait_for(kStatus, "offline", 10s));
}

TEST_CASE("SIGTERM and SIGINT publish offline and exit 0 promptly", "[gateway]") {
  const int signal_number = GENERATE(SIGTERM, SIGINT);
  Running running(kStatus, "online");
  auto& [broker, gateway, probe] = running;
  const auto start = std::chrono::steady_clock::now();
  gateway->process().signal(signal_number);
  const auto status = gateway->process().wait_for_exit(5s);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(status == 0);
  // Nothing on the way out waits longer than the 0.5 s MQTT disconnect; the margin is for load.
  CHECK(took < 4s);
  CHECK(probe.wait_for(kStatus, "offline", 2s));
  // A clean stop is not a crash: the will was not needed, the status is retained "offline".
  MqttProbe late(broker.uri(), "late");
  late.subscribe(kStatus);
  CHECK(late.wait_for(kStatus, "offline"));
}

TEST_CASE("with no broker at start the gateway retries, then connects and resubscribes",
          "[gateway]") {
  const auto port = gpiogw::test::free_loopback_port();
  const std::string uri = "tcp://127.0.0.1:" + std::to_string(port);
  auto gateway = GatewayProcess::standard(uri);
  REQUIRE(gateway->process().wait_for_output("cannot connect to " + uri, 5s));
  CHECK(gateway->process().output().find("retrying in") != std::string::npos);
  CHECK(gateway->sim_value(22) == "0");  // outputs already sit at their initial values

  auto broker = std::make_unique<Broker>(port);
  {
    MqttProbe probe(broker->uri(), "watcher");
    probe.subscribe(kPrefix + "/#");
    REQUIRE(probe.wait_for(kStatus, "online", 10s));
    probe.publish(kRelay + "/set", "ON");
    REQUIRE(probe.wait_for(kRelay, "ON"));
  }

  // A broker restart loses every retained message and subscription (no persistence): the
  // gateway must notice, reconnect, subscribe again and publish every state again.
  broker.reset();
  REQUIRE(gateway->process().wait_for_output("lost the connection", 10s));
  broker = std::make_unique<Broker>(port);
  MqttProbe probe(broker->uri(), "watcher-2");
  probe.subscribe(kPrefix + "/#");
  REQUIRE(probe.wait_for(kStatus, "online", 10s));
  CHECK(probe.wait_for(kRelay, "ON"));
  CHECK(probe.wait_for(kDoor, "OFF"));
  probe.publish(kRelay + "/set", "OFF");
  CHECK(probe.wait_for(kRelay, "OFF"));
  CHECK(gateway->sim_value(17) == "0");
}
