// Broker connectivity as users meet it: every transport, the failures a user must be able to tell
// apart, outages with buffered messages, persistent sessions and MQTT 5. A real mosquitto with
// generated certificates and password file; everything on 127.0.0.1.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <unistd.h>

#include <algorithm>
#include <csignal>

#include "broker.hpp"
#include "certificates.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"
#include "sanitizer_environment.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::BrokerOptions;
using gpiogw::test::certificates;
using gpiogw::test::GatewayProcess;
using gpiogw::test::Listener;
using gpiogw::test::MqttProbe;
using gpiogw::test::Received;

namespace {

using namespace gpiogw::test::standard_topics;
const std::string kWindow = kPrefix + "/input/window";

std::string quoted(const std::filesystem::path& path) {
  return "\"" + path.string() + "\"";
}

std::string tls_table(const std::filesystem::path& ca, bool client_certificate = false) {
  std::string table = "[mqtt.tls]\nca_file = " + quoted(ca) + "\n";
  if (client_certificate)
    table += "cert_file = " + quoted(certificates().client_cert) +
             "\nkey_file = " + quoted(certificates().client_key) + "\n";
  return table;
}

std::string login(const std::filesystem::path& password_file) {
  return "username = \"" + std::string(Broker::kUser) +
         "\"\npassword_file = " + quoted(password_file) + "\n";
}

BrokerOptions also_listening_on(Listener listener) {
  BrokerOptions options;
  options.extra_listeners = {listener};
  return options;
}

std::size_t count(const std::string& text, std::string_view part) {
  std::size_t found = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

// Waits until the gateway's input change is logged: the state change has happened (and been sent
// or kept), so the next edge is a new one.
void change_input(GatewayProcess& gateway, unsigned line, std::string_view pull,
                  const std::string& logged) {
  const auto before = count(gateway.log(), logged);
  gateway.set_pull(line, pull);
  REQUIRE(gpiogw::test::eventually([&] { return count(gateway.log(), logged) > before; }, 5s));
}

}  // namespace

TEST_CASE("every transport carries a command and a state", "[connectivity]") {
  const Listener listener = GENERATE(Listener::tcp, Listener::tls, Listener::mutual_tls,
                                     Listener::password, Listener::ws, Listener::wss);
  const auto& files = certificates();
  gpiogw::test::TempDir secrets;
  gpiogw::test::write_file(secrets / "password", std::string(Broker::kPassword) + "\n");
  std::string mqtt_extra;
  if (listener == Listener::tls || listener == Listener::wss) mqtt_extra = tls_table(files.ca);
  if (listener == Listener::mutual_tls) mqtt_extra = tls_table(files.ca, true);
  if (listener == Listener::password) mqtt_extra = login(secrets / "password");

  Broker broker(also_listening_on(listener));
  INFO(broker.uri(listener));
  MqttProbe probe(broker.uri(), "probe");  // plain TCP: the gateway's side is under test
  probe.subscribe(kPrefix + "/#");
  auto gateway = GatewayProcess::standard(broker.uri(listener), mqtt_extra);
  REQUIRE(probe.wait_for(kStatus, "online", 10s));
  REQUIRE(probe.wait_for(kRelay, "OFF"));
  probe.publish(kRelay + "/set", "ON");
  CHECK(probe.wait_for(kRelay, "ON"));
  CHECK(gateway->sim_value(17) == "1");
  CHECK(gateway->process().wait_for_output("connected to " + broker.uri(listener), 1s));
  CHECK(gateway->log().find(Broker::kPassword) == std::string::npos);
}

// The failure, what the gateway is told, and the reason it must log.
struct Failure {
  const char* name;
  Listener listener;
  std::string reason;
  std::string mqtt_extra = {};  // more [mqtt] keys
};

TEST_CASE("a failing connection is retried and its reason logged", "[connectivity]") {
  const Failure failure = GENERATE(
      Failure{"wrong CA", Listener::tls, "the broker's certificate is not trusted"},
      Failure{"wrong host name", Listener::tls_wrong_host, "(host name mismatch)"},
      Failure{"wrong password", Listener::password, "not authorised: wrong user name or password"},
      Failure{"wrong password, MQTT 5", Listener::password,
              // mosquitto answers a wrong password with 0x87, not 0x86.
              "not authorised: wrong user name or password, or this client may not connect (Not "
              "authorized (reason code 0x87))",
              "protocol = 5\n"},
      Failure{"no client certificate", Listener::mutual_tls, "require a client certificate"});
  INFO(failure.name);
  const auto& files = certificates();
  gpiogw::test::TempDir secrets;
  gpiogw::test::write_file(secrets / "password", "not-the-password\n");
  std::string mqtt_extra = tls_table(failure.listener == Listener::tls ? files.other_ca : files.ca);
  if (failure.listener == Listener::password) mqtt_extra = login(secrets / "password");
  mqtt_extra = failure.mqtt_extra + mqtt_extra;

  Broker broker(also_listening_on(failure.listener));
  auto gateway = GatewayProcess::standard(broker.uri(failure.listener), mqtt_extra);
  const std::string attempt = "cannot connect to " + broker.uri(failure.listener) + ": ";
  // Two attempts at least: the second after about a second of back-off.
  REQUIRE(gpiogw::test::eventually([&] { return count(gateway->log(), attempt) >= 2; }, 15s));
  const std::string log = gateway->log();
  INFO(log);
  const auto start = log.find(attempt);
  const std::string line = log.substr(start, log.find('\n', start) - start);
  CHECK(line.find(failure.reason) != std::string::npos);
  CHECK(line.find("retrying in") != std::string::npos);
  CHECK(gateway->process().running());
  CHECK(log.find("not-the-password") == std::string::npos);
}

TEST_CASE("a broker that accepts TCP but never answers the CONNECT is named", "[connectivity]") {
  // A listening socket nobody reads: the kernel completes every TCP handshake, nothing answers.
  std::uint16_t port = 0;
  const int silent = gpiogw::test::listening_loopback_socket(port);
  const std::string place = "127.0.0.1:" + std::to_string(port);
  auto gateway = GatewayProcess::standard("tcp://" + place);
  // Paho gives up after its 10 s connect timeout, the probe after 5 s more.
  CHECK(gateway->process().wait_for_output(
      "cannot connect to tcp://" + place + ": " + place +
          " accepted the TCP connection but did not answer the MQTT CONNECT within 5000 ms",
      30s));
  CHECK(gateway->process().running());
  close(silent);
}

TEST_CASE("after a broker outage the gateway sends what happened, in order, then every state",
          "[connectivity]") {
  // A persistent broker: the history probe's session survives the restart, so every message the
  // gateway sends after it is queued for the probe, whenever the gateway gets there.
  BrokerOptions persistent;
  persistent.persistence = true;
  Broker broker(persistent);
  auto gateway = std::make_unique<GatewayProcess>(
      gpiogw::test::standard_config(broker.uri(), "sim") +
      "\n[[input]]\nname = \"window\"\nline = 5\nbias = \"pull-up\"\ndebounce = \"20ms\"\n");
  {
    MqttProbe history(broker.uri(), "history", false);
    history.subscribe(kPrefix + "/#");
    REQUIRE(history.wait_for(kStatus, "online", 10s));
    REQUIRE(history.wait_for(kWindow, "ON"));  // pulled up, not active-low: ON
  }
  broker.stop();
  REQUIRE(gateway->process().wait_for_output("lost the connection", 10s));
  // Interleaved on two topics, so that the order shows.
  change_input(*gateway, 27, "pull-down", "input 'door' ON");
  change_input(*gateway, 5, "pull-down", "input 'window' OFF");
  change_input(*gateway, 27, "pull-up", "input 'door' OFF");
  change_input(*gateway, 5, "pull-up", "input 'window' ON");
  change_input(*gateway, 27, "pull-down", "input 'door' ON");
  broker.start();
  REQUIRE(gateway->process().wait_for_output("sent 5 messages kept while disconnected", 15s));

  MqttProbe history(broker.uri(), "history", false);
  const auto inputs = [&] {
    std::vector<std::string> seen;
    for (const Received& message : history.messages()) {
      if (message.topic == kDoor || message.topic == kWindow)
        seen.push_back(message.topic.substr(kPrefix.size() + 7) + " " + message.payload);
    }
    return seen;
  };
  const std::vector<std::string> expected{"door ON", "window OFF", "door OFF", "window ON",
                                          "door ON",                // the outage, in order
                                          "door ON", "window ON"};  // every state again
  // QoS 1 is at least once: the probe may have left before acknowledging the last state it saw
  // before the outage, which the broker then hands over again first.
  const auto after_outage = [&] {
    auto seen = inputs();
    if (seen.size() == expected.size() + 1 && seen.front() == "window ON") seen.erase(seen.begin());
    return seen;
  };
  CHECK(gpiogw::test::eventually([&] { return after_outage() == expected; }, 10s));
  CHECK(after_outage() == expected);
  CHECK(history.wait_for(kStatus, "online"));  // published again, not only kept by the broker
  // And it still obeys.
  history.subscribe(kRelay);
  history.publish(kRelay + "/set", "ON");
  CHECK(history.wait_for(kRelay, "ON"));
  CHECK(gateway->sim_value(17) == "1");
}

TEST_CASE("a full offline buffer drops the oldest messages and says so once", "[connectivity]") {
  Broker broker;
  auto gateway = GatewayProcess::standard(broker.uri(), "offline_buffer = 2\n");
  {
    MqttProbe probe(broker.uri(), "probe");
    probe.subscribe(kStatus);
    REQUIRE(probe.wait_for(kStatus, "online", 10s));
  }
  broker.stop();
  REQUIRE(gateway->process().wait_for_output("lost the connection", 10s));
  for (const char* pull : {"pull-down", "pull-up", "pull-down", "pull-up", "pull-down"}) {
    change_input(*gateway, 27, pull,
                 std::string("input 'door' ") + (pull[5] == 'd' ? "ON" : "OFF"));
  }
  broker.start();
  REQUIRE(gateway->process().wait_for_output(
      "sent 2 messages kept while disconnected; 3 older ones were dropped", 15s));
  CHECK(count(gateway->log(), "offline buffer full (2 messages)") == 1);
}

TEST_CASE("QoS 1 commands sent while the gateway was away are delivered when it is back",
          "[connectivity]") {
  const std::string protocol = GENERATE("3", "5");
  INFO("protocol " + protocol);
  Broker broker;
  MqttProbe probe(broker.uri(), "probe");
  probe.subscribe(kPrefix + "/#");
  auto first = GatewayProcess::standard(broker.uri(), "protocol = " + protocol + "\n");
  REQUIRE(probe.wait_for(kStatus, "online", 10s));
  first->process().signal(SIGKILL);
  REQUIRE(probe.wait_for(kStatus, "offline", 10s));  // the will: the broker saw it go
  probe.publish(kRelay + "/set", "ON");
  probe.clear();

  // The same client id: the broker kept the session and hands over the command.
  auto second = GatewayProcess::standard(broker.uri(), "protocol = " + protocol + "\n");
  CHECK(probe.wait_for(kRelay, "ON", 10s));
  CHECK(second->sim_value(17) == "1");
  CHECK(second->process().wait_for_output(
      protocol == "5" ? "(MQTT 5, persistent session)" : "(MQTT 3.1.1, persistent session)", 1s));
}

TEST_CASE("with clean_session = true commands sent while away are not replayed", "[connectivity]") {
  Broker broker;
  MqttProbe probe(broker.uri(), "probe");
  probe.subscribe(kPrefix + "/#");
  auto first = GatewayProcess::standard(broker.uri(), "clean_session = true\n");
  REQUIRE(probe.wait_for(kStatus, "online", 10s));
  first->process().signal(SIGKILL);
  REQUIRE(probe.wait_for(kStatus, "offline", 10s));
  probe.publish(kRelay + "/set", "ON");
  probe.clear();
  auto second = GatewayProcess::standard(broker.uri(), "clean_session = true\n");
  REQUIRE(probe.wait_for(kRelay, "OFF", 10s));
  // A follow-up command, sent once the gateway is subscribed (it subscribes, then publishes its
  // states): a replayed command would reach it first, so its state message would come first too.
  probe.publish(kLamp + "/set", "OFF");
  REQUIRE(probe.wait_for(kLamp, "OFF", 10s));
  CHECK(second->sim_value(17) == "0");
  CHECK(probe.payloads_on(kRelay) == std::vector<std::string>{"OFF"});
}

TEST_CASE("a subscription the broker refuses is logged with its reason code", "[connectivity]") {
  const std::string protocol = GENERATE("3", "5");
  INFO("protocol " + protocol);
  BrokerOptions options;
  options.refused_subscriptions = {"gpiogw/test/cmd"};
  Broker broker(options);
  MqttProbe probe(broker.uri(), "probe");
  probe.subscribe(kRelay);
  auto gateway = GatewayProcess::standard(broker.uri(), "protocol = " + protocol + "\n");
  REQUIRE(probe.wait_for(kRelay, "OFF", 10s));
  const std::string refused = "the broker refused the subscription to 'gpiogw/test/cmd'";
  REQUIRE(gateway->process().wait_for_output(refused, 5s));
  CHECK(gateway->process().wait_for_output(
      protocol == "5" ? refused + ": Not authorized (reason code 0x87)" : "(SUBACK 0x80", 1s));
  // What is allowed still works.
  probe.publish(kRelay + "/set", "ON");
  CHECK(probe.wait_for(kRelay, "ON"));
}

TEST_CASE("two gateways with the same client id are told what is going on", "[connectivity]") {
  // Each connection takes the session from the other: without a hint the log only says
  // "connection lost", again and again.
  Broker broker;
  const std::string shared_id = "client_id = \"gpiogw-twin\"\n";
  // The sockets break under QoS 1 publishes again and again: Paho C's known use-after-free.
  gpiogw::test::TempDir sanitizer_files("gpiogw-twins");
  const auto environment = gpiogw::test::tolerating_paho_use_after_free(sanitizer_files.path());
  const auto config = gpiogw::test::standard_config(broker.uri(), "sim", shared_id);
  auto first = std::make_unique<GatewayProcess>(config, environment);
  REQUIRE(first->process().wait_for_output("connected to", 5s));
  auto second = std::make_unique<GatewayProcess>(config, environment);
  const std::string hint =
      "most likely another client connects with the same client id "
      "'gpiogw-twin'";
  CHECK(gpiogw::test::eventually(
      [&] {
        return first->log().find(hint) != std::string::npos ||
               second->log().find(hint) != std::string::npos;
      },
      30s));
  // Once per streak, not at every drop.
  CHECK(count(first->log(), hint) <= 1);
  CHECK(count(second->log(), hint) <= 1);
}
