// What a gateway retained and no longer publishes is removed from a real mosquitto: the state of a
// removed output, and every discovery config once discovery is turned off.
#include <catch2/catch_test_macros.hpp>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::eventually;
using gpiogw::test::GatewayProcess;
using gpiogw::test::MqttProbe;

namespace {

// The retained messages a newcomer gets under `filter`, non-empty ones only.
std::size_t retained_count(const std::string& uri, const std::string& filter) {
  MqttProbe late(uri, "late");
  late.subscribe(filter);
  // Retained messages come at the subscription, before a marker published after it.
  late.subscribe("marker/done");
  late.publish("marker/done", "x");
  REQUIRE(late.wait_for("marker/done", "x"));
  std::size_t count = 0;
  for (const auto& message : late.messages())
    if (message.retained && !message.payload.empty()) ++count;
  return count;
}

std::string without_lamp(const std::string& config) {
  return config.substr(0, config.find("[[output]]\nname = \"lamp\"")) +
         config.substr(config.find("[[input]]"));
}

}  // namespace

TEST_CASE("a removed output's retained state is cleared on the next start", "[ha][leftovers]") {
  Broker broker;
  const auto config = gpiogw::test::standard_config(broker.uri(), "sim");
  MqttProbe probe(broker.uri(), "probe");
  probe.subscribe("gpiogw/test/output/+");
  {
    GatewayProcess gateway(config);
    REQUIRE(probe.wait_for("gpiogw/test/output/lamp", "ON"));
  }
  GatewayProcess restarted(without_lamp(config));
  CHECK(probe.wait_for("gpiogw/test/output/lamp", ""));
  CHECK(restarted.process().wait_for_output(
      "clearing the retained state \"gpiogw/test/output/lamp\"", 5s));
  CHECK(retained_count(broker.uri(), "gpiogw/test/output/+") == 1);  // relay1 only
}

TEST_CASE("discovery = false removes the configs announced while it was on", "[ha][leftovers]") {
  Broker broker;
  const auto config = gpiogw::test::standard_config(broker.uri(), "sim");
  MqttProbe ha(broker.uri(), "home-assistant");
  ha.subscribe("homeassistant/#");
  {
    GatewayProcess gateway(config);
    REQUIRE(eventually([&] { return ha.messages().size() >= 7; }, 5s));
  }
  GatewayProcess off(config + "\n[homeassistant]\ndiscovery = false\n");
  CHECK(eventually([&] { return retained_count(broker.uri(), "homeassistant/#") == 0; }, 5s));
  CHECK(off.log().find("Home Assistant: announced") == std::string::npos);
}

TEST_CASE(
    "gpiogw --forget leaves nothing retained under the gateway's topics and its discovery node",
    "[ha][leftovers][cli]") {
  Broker broker;
  gpiogw::test::TempDir dir;
  const auto config = gpiogw::test::standard_config(broker.uri(), (dir / "sim").string());
  gpiogw::test::write_file(dir / "gpiogw.toml", config);
  MqttProbe ha(broker.uri(), "home-assistant");
  ha.subscribe("homeassistant/#");
  ha.subscribe("gpiogw/test/#");
  {
    GatewayProcess gateway(config);
    REQUIRE(ha.wait_for("gpiogw/test/status", "online"));
    REQUIRE(eventually([&] { return retained_count(broker.uri(), "homeassistant/#") == 7; }, 5s));
    // While it runs, --forget refuses: the gateway would announce everything again.
    const auto refused =
        gpiogw::test::run_command({GPIOGW_BINARY, "--config", (dir / "gpiogw.toml").string(),
                                   "--forget", "--log-level", "warning"},
                                  10s);
    CHECK(refused.status == 69);
    CHECK(refused.output.find("is online") != std::string::npos);
    CHECK(retained_count(broker.uri(), "homeassistant/#") == 7);
  }
  REQUIRE(retained_count(broker.uri(), "gpiogw/test/#") > 0);
  const auto forgot = gpiogw::test::run_command(
      {GPIOGW_BINARY, "--config", (dir / "gpiogw.toml").string(), "--forget"}, 10s);
  INFO(forgot.output);
  CHECK(forgot.status == 0);
  CHECK(forgot.output.find("7 Home Assistant configs") != std::string::npos);
  CHECK(retained_count(broker.uri(), "homeassistant/#") == 0);
  CHECK(retained_count(broker.uri(), "gpiogw/test/#") == 0);
}
