// Broker failover: a gateway given two broker nodes moves to the other when its node goes away.
// Two independent mosquittos stand in for the nodes of a cluster; what a real cluster adds
// (sessions and retained messages shared between nodes) is not needed to show the move.
#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <string>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::GatewayProcess;
using gpiogw::test::MqttProbe;

namespace {

using namespace gpiogw::test::standard_topics;

// The standard config with `uri` listing both nodes.
std::string two_node_config(const Broker& a, const Broker& b) {
  std::string config = gpiogw::test::standard_config(a.uri(), "sim");
  const std::string one = "uri = \"" + a.uri() + "\"";
  config.replace(config.find(one), one.size(), "uri = [\"" + a.uri() + "\", \"" + b.uri() + "\"]");
  return config;
}

}  // namespace

TEST_CASE("a gateway whose broker node stops moves to the other node and is commanded there",
          "[connectivity][failover]") {
  Broker a;
  Broker b;
  GatewayProcess gateway(two_node_config(a, b));
  REQUIRE(gateway.process().wait_for_output("connected to ", 10s));
  const bool on_a = gateway.log().find("connected to " + a.uri()) != std::string::npos;
  Broker& first = on_a ? a : b;
  Broker& other = on_a ? b : a;
  REQUIRE(gpiogw::test::gateway_online(first.uri(), kStatus));

  const auto stopped_at = std::chrono::steady_clock::now();
  first.stop();
  // Away from the dead node after the next-node delay (about 1 s), not the back-off's schedule.
  REQUIRE(gateway.process().wait_for_output("connected to " + other.uri(), 5s));
  const auto moved_after = std::chrono::steady_clock::now() - stopped_at;
  CHECK(moved_after < 3s);
  CHECK(gateway.log().find("lost the connection to " + first.uri()) != std::string::npos);
  CHECK(gateway.log().find("retrying with " + other.uri()) != std::string::npos);

  MqttProbe probe(other.uri(), "commander");
  probe.subscribe(kPrefix + "/#");
  REQUIRE(probe.wait_for(kStatus, "online"));
  probe.publish(kRelay + "/set", "ON");
  CHECK(probe.wait_for(kRelay, "ON"));
  CHECK(gateway.sim_value(17) == "1");
}
