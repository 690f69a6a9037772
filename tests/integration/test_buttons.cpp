// Buttons and local rules, black box: gpiogw on the mock backend, the button pressed through the
// mock's pull file, a real mosquitto that is stopped to show the rules work without it.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

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

const std::string kPrefix = "gpiogw/house";
constexpr unsigned kButtonLine = 5;

// A wall button (active low, pull-up) toggling hall_light; a long press turns porch on, but only
// while the broker is away.
std::string house_config(const std::string& broker_uri, bool discovery = false) {
  return "[gateway]\nname = \"house\"\n[mqtt]\nuri = \"" + broker_uri +
         "\"\n[gpio]\nbackend = \"mock\"\n[gpio.mock]\nsim_dir = \"sim\"\n"
         "[homeassistant]\ndiscovery = " +
         (discovery ? "true" : "false") +
         "\n"
         "[[output]]\nname = \"hall_light\"\nline = 17\n"
         "[[output]]\nname = \"porch\"\nline = 18\n"
         "[[input]]\nname = \"hall_button\"\nline = 5\nbias = \"pull-up\"\nactive_low = true\n"
         "debounce = \"10ms\"\nevents = [\"single\", \"long\"]\nlong_press = \"600ms\"\n"
         "[[rule]]\nwhen = \"hall_button single\"\ndo = \"toggle hall_light\"\n"
         "[[rule]]\nwhen = \"hall_button long\"\ndo = \"set porch on\"\nonly = \"disconnected\"\n";
}

std::size_t count(const std::string& text, std::string_view part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Moves the button and waits until the gateway has logged the settled level.
void set_button(GatewayProcess& gateway, bool pressed) {
  const std::string seen = pressed ? "input 'hall_button' ON\n" : "input 'hall_button' OFF\n";
  const auto before = count(gateway.log(), seen);
  gateway.set_pull(kButtonLine, pressed ? "pull-down" : "pull-up");
  REQUIRE(eventually([&] { return count(gateway.log(), seen) > before; }, 5s));
}

void click(GatewayProcess& gateway) {
  set_button(gateway, true);
  set_button(gateway, false);
}

}  // namespace

TEST_CASE("a button's gestures are published as events and its rules work without the broker",
          "[buttons]") {
  Broker broker;
  GatewayProcess gateway(house_config(broker.uri()));
  MqttProbe probe(broker.uri(), "probe");
  probe.subscribe(kPrefix + "/#");
  REQUIRE(probe.wait_for(kPrefix + "/status", "online"));

  // Without double in the events, a click is reported at its release.
  click(gateway);
  CHECK(probe.wait_for(kPrefix + "/input/hall_button/event", R"({"event_type":"single"})"));
  CHECK(
      gateway.process().wait_for_output("output 'hall_light' ON (rule 1: hall_button single)", 5s));
  CHECK(gateway.sim_value(17) == "1");

  // A long press while connected: the event, but not the "disconnected" rule.
  set_button(gateway, true);
  CHECK(probe.wait_for(kPrefix + "/input/hall_button/event", R"({"event_type":"long"})"));
  set_button(gateway, false);  // the rule was decided when the event was logged, before this
  CHECK(gateway.sim_value(18) == "0");

  // `rules` says what fired when.
  probe.publish(kPrefix + "/cmd", "rules");
  CHECK(eventually(
      [&] {
        const auto replies = probe.payloads_on(kPrefix + "/cmd/reply");
        return !replies.empty() &&
               replies.back().starts_with(
                   "ok: 1: hall_button single -> toggle hall_light, last fired ") &&
               replies.back().ends_with(
                   "2: hall_button long -> set porch on (only disconnected), never fired");
      },
      5s));
  // The reply came after the release on the same connection: an event at the release would be in.
  const auto events = probe.payloads_on(kPrefix + "/input/hall_button/event");
  CHECK(std::ranges::count(events, R"({"event_type":"single"})") == 1);  // none at a long release
  // Events are not retained: a newcomer's subscription brings none, though the retained status
  // it asks for next does come.
  MqttProbe newcomer(broker.uri(), "newcomer");
  newcomer.subscribe(kPrefix + "/input/hall_button/event");
  newcomer.subscribe(kPrefix + "/status");
  REQUIRE(newcomer.wait_for(kPrefix + "/status", "online"));
  CHECK(newcomer.payloads_on(kPrefix + "/input/hall_button/event").empty());

  // The broker goes away: the button still toggles the light, and the long press now acts.
  broker.stop();
  REQUIRE(gateway.process().wait_for_output("lost the connection", 10s));
  click(gateway);
  CHECK(eventually([&] { return gateway.sim_value(17) == "0"; }, 5s));
  CHECK(gateway.process().wait_for_output("output 'hall_light' OFF (rule 1: hall_button single)",
                                          5s));
  set_button(gateway, true);
  CHECK(eventually([&] { return gateway.sim_value(18) == "1"; }, 5s));
  CHECK(gateway.process().wait_for_output("output 'porch' ON (rule 2: hall_button long)", 5s));
}

TEST_CASE("check-config refuses a bad rule at its place and summarizes good ones", "[buttons]") {
  gpiogw::test::TempDir dir;
  const std::string config = house_config("tcp://127.0.0.1:1883");
  gpiogw::test::write_file(dir / "good.toml", config);
  const auto good = gpiogw::test::run_command(
      {GPIOGW_BINARY, "--check-config", (dir / "good.toml").string()}, 5s);
  CHECK(good.status == 0);
  CHECK(good.output.find("rules    1: hall_button single -> toggle hall_light") !=
        std::string::npos);
  CHECK(good.output.find("buttons  name         events        double_click  long_press") !=
        std::string::npos);

  // A bad verb, a rule that would trigger another one, an unknown output: each at its `do`.
  std::string bad = config;
  bad.replace(bad.find("toggle hall_light"), 17, "tgogle hal_light");
  bad += "[[rule]]\nwhen = \"porch ON\"\ndo = \"set hal_light on\"\n";
  gpiogw::test::write_file(dir / "bad.toml", bad);
  const auto refused =
      gpiogw::test::run_command({GPIOGW_BINARY, "--check-config", (dir / "bad.toml").string()}, 5s);
  CHECK(refused.status == 78);
  INFO(refused.output);
  CHECK(refused.output.find("bad.toml:27:6: rule[0].do: unknown command 'tgogle' (did you mean "
                            "'toggle'?)") != std::string::npos);
  CHECK(refused.output.find("bad.toml:30:6: rule[1].do: 'porch' is watched by rule 3 (porch ON)") !=
        std::string::npos);
  CHECK(refused.output.find("bad.toml:34:6: rule[2].do: unknown output 'hal_light' (did you mean "
                            "'hall_light'?)") != std::string::npos);
  CHECK(refused.output.find("3 errors in") != std::string::npos);
}

TEST_CASE("Home Assistant gets an event entity for the button and a device trigger per gesture",
          "[buttons][ha]") {
  Broker broker;
  GatewayProcess gateway(house_config(broker.uri(), true));
  REQUIRE(gateway.process().wait_for_output("Home Assistant: announced", 10s));
  MqttProbe ha(broker.uri(), "home-assistant");
  ha.subscribe("homeassistant/event/#");
  ha.subscribe("homeassistant/device_automation/#");
  // homeassistant/<component>/<node>/<object>/config, by "<component>/<object>".
  std::map<std::string, nlohmann::json> configs;
  REQUIRE(eventually(
      [&] {
        for (const auto& message : ha.messages()) {
          std::vector<std::string> levels;
          std::istringstream topic(message.topic);
          for (std::string level; std::getline(topic, level, '/');) levels.push_back(level);
          configs[levels[1] + "/" + levels[3]] = nlohmann::json::parse(message.payload);
        }
        return configs.size() == 3;
      },
      5s));
  const auto& event = configs.at("event/event_hall_button");
  CHECK(event["state_topic"] == kPrefix + "/input/hall_button/event");
  CHECK(event["event_types"] == nlohmann::json::array({"single", "long"}));
  const auto& single = configs.at("device_automation/trigger_hall_button_single");
  CHECK(single["automation_type"] == "trigger");
  CHECK(single["type"] == "button_short_press");
  CHECK(single["payload"] == R"({"event_type":"single"})");
  CHECK(configs.at("device_automation/trigger_hall_button_long")["type"] == "button_long_press");
}
