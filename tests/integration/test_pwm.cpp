// PWM outputs end to end: gpiogw on the mock backend (its PWM channels shown in the sim dir)
// against a real mosquitto, driven by MQTT commands and text commands.
#include <catch2/catch_test_macros.hpp>

#include <csignal>

#include "broker.hpp"
#include "fake_pwm.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::eventually;
using gpiogw::test::GatewayProcess;
using gpiogw::test::MqttProbe;

namespace {

const std::string kFan = "gpiogw/air/pwm/fan";

// A gateway named "air" with a 25 kHz fan on the mock's PWM channel 2 that stalls below 20 %.
std::string fan_config(const std::string& broker_uri, const std::string& fan_keys,
                       const std::string& gateway_keys = "") {
  return "[gateway]\nname = \"air\"\n" + gateway_keys + "\n[mqtt]\nuri = \"" + broker_uri +
         "\"\n\n[gpio]\nbackend = \"mock\"\n[gpio.mock]\nsim_dir = \"sim\"\n\n"
         "[[pwm]]\nname = \"fan\"\nchannel = 2\nfrequency = \"25kHz\"\nmin = 20\n" +
         fan_keys + "\n";
}

std::string sim_pwm(const GatewayProcess& gateway, const std::string& attribute) {
  std::string text = gpiogw::test::read_file(gateway.sim_dir() / "sim_pwm2" / attribute);
  if (text.ends_with('\n')) text.pop_back();
  return text;
}

}  // namespace

TEST_CASE("a PWM fan follows percent, ON, OFF and TOGGLE; its state is retained", "[pwm]") {
  Broker broker;
  GatewayProcess gateway(fan_config(broker.uri(), ""));
  REQUIRE(gpiogw::test::gateway_online(broker.uri(), "gpiogw/air/status"));
  MqttProbe probe(broker.uri(), "probe");
  probe.subscribe(kFan);
  REQUIRE(probe.wait_for(kFan, "0"));
  CHECK(probe.messages().front().retained);  // subscribed after the start: the broker kept it
  CHECK(sim_pwm(gateway, "period") == "40000");
  CHECK(sim_pwm(gateway, "enable") == "1");
  CHECK(sim_pwm(gateway, "duty_cycle") == "0");

  probe.publish(kFan + "/set", "40");
  REQUIRE(probe.wait_for(kFan, "40"));
  CHECK(sim_pwm(gateway, "duty_cycle") == "20800");  // (20 + 80 * 0.4) % of 40 us
  probe.clear();
  probe.publish(kFan + "/set", "OFF");
  REQUIRE(probe.wait_for(kFan, "0"));
  probe.publish(kFan + "/set", "ON");  // the last value above 0
  REQUIRE(probe.wait_for(kFan, "40"));
  probe.publish(kFan + "/set", "12.5%");
  REQUIRE(probe.wait_for(kFan, "12.5"));
  CHECK(sim_pwm(gateway, "duty_cycle") == "12000");
  probe.clear();
  probe.publish(kFan + "/set", "lots");
  probe.publish(kFan + "/set", "TOGGLE");
  REQUIRE(probe.wait_for(kFan, "0"));
  CHECK(gateway.process().wait_for_output(
      "ignoring gpiogw/air/pwm/fan/set: payload \"lots\" is not a percent 0..100, ON, OFF or "
      "TOGGLE",
      1s));
}

TEST_CASE("text commands set and read a PWM channel in percent", "[pwm][chat]") {
  Broker broker;
  GatewayProcess gateway(fan_config(broker.uri(), "fade = \"200ms\""));
  REQUIRE(gpiogw::test::gateway_online(broker.uri(), "gpiogw/air/status"));
  MqttProbe machine(broker.uri(), "machine");
  machine.subscribe("gpiogw/air/cmd/reply");
  machine.publish("gpiogw/air/cmd", "set fan 40%");
  REQUIRE(machine.wait_for("gpiogw/air/cmd/reply", "ok: fan 40%"));
  // The fade ends at the value set.
  CHECK(eventually([&] { return sim_pwm(gateway, "duty_cycle") == "20800"; }, 5s));
  machine.publish("gpiogw/air/cmd", "set fan off");
  REQUIRE(machine.wait_for("gpiogw/air/cmd/reply", "ok: fan 0%"));
  machine.publish("gpiogw/air/cmd", "get fan");
  CHECK(machine.wait_for("gpiogw/air/cmd/reply", "ok: fan 0%"));
  CHECK(eventually([&] { return sim_pwm(gateway, "duty_cycle") == "0"; }, 5s));
}

TEST_CASE("initial = \"restore\" brings a PWM value back after a restart", "[pwm]") {
  Broker broker;
  gpiogw::test::TempDir state;
  const std::string config = fan_config(broker.uri(), "initial = \"restore\"",
                                        "state_dir = \"" + state.path().string() + "\"\n");
  {
    GatewayProcess gateway(config);
    REQUIRE(gpiogw::test::gateway_online(broker.uri(), "gpiogw/air/status"));
    MqttProbe(broker.uri(), "commander").publish(kFan + "/set", "55");
    REQUIRE(gateway.process().wait_for_output("pwm 'fan' 55% (command)", 5s));
    gateway.process().signal(SIGTERM);
    REQUIRE(gateway.process().wait_for_exit(5s) == 0);
  }
  CHECK(gpiogw::test::read_file(state / "outputs.state").find("fan 55\n") != std::string::npos);
  GatewayProcess gateway(config);
  REQUIRE(gateway.process().wait_for_output("pwm 'fan' on mock PWM channel 2, initially 55%", 5s));
  CHECK(sim_pwm(gateway, "duty_cycle") == "25600");  // (20 + 80 * 0.55) % of 40 us
}

TEST_CASE("gpiogw --list-pwm shows the chips under the config's sysfs_root", "[pwm][cli]") {
  gpiogw::test::TempDir dir;
  const auto chip = gpiogw::test::add_pwm_chip(dir / "sys", 0, "1f00098000.pwm", 4);
  gpiogw::test::add_pwm_channel(chip, 2, "40000", "0", "normal", "1");
  gpiogw::test::write_file(dir / "gpiogw.toml", "[gateway]\nsysfs_root = \"sys\"\n");
  const auto listed = gpiogw::test::run_command(
      {GPIOGW_BINARY, "--list-pwm", "--config", (dir / "gpiogw.toml").string()}, 5s);
  CHECK(listed.status == 0);
  CHECK(listed.output ==
        "pwmchip0  device 1f00098000.pwm  channels 0..3  exported: 2\n"
        "chip = \"auto\" means pwmchip0\n");

  gpiogw::test::write_file(dir / "gpiogw.toml", "[gateway]\nsysfs_root = \"nothing\"\n");
  const auto none = gpiogw::test::run_command(
      {GPIOGW_BINARY, "--list-pwm", "--config", (dir / "gpiogw.toml").string()}, 5s);
  CHECK(none.status == 69);
  CHECK(none.output.find("no PWM chips under " + (dir / "nothing/class/pwm").string()) !=
        std::string::npos);
}

TEST_CASE("a reload keeps an unchanged PWM entry's value; a changed entry starts anew",
          "[pwm][signals]") {
  Broker broker;
  const std::string config = fan_config(broker.uri(), "");
  GatewayProcess gateway(config);
  REQUIRE(gpiogw::test::gateway_online(broker.uri(), "gpiogw/air/status"));
  MqttProbe probe(broker.uri(), "probe");
  probe.subscribe(kFan);
  probe.publish(kFan + "/set", "40");
  REQUIRE(probe.wait_for(kFan, "40"));

  gateway.rewrite_config(config + "[[output]]\nname = \"lamp\"\nline = 18\n");
  gateway.process().signal(SIGHUP);
  REQUIRE(gateway.process().wait_for_output("reload: done", 5s));
  CHECK(gateway.process().wait_for_output("pwm 'fan' on mock PWM channel 2, initially 40%", 1s));
  CHECK(sim_pwm(gateway, "duty_cycle") == "20800");

  gateway.rewrite_config(fan_config(broker.uri(), "max = 90"));
  gateway.process().signal(SIGHUP);
  REQUIRE(eventually(
      [&] {
        const std::string log = gateway.log();
        return log.find("reload: done") != log.rfind("reload: done");  // the second one
      },
      5s));
  CHECK(gateway.process().wait_for_output("pwm 'fan' on mock PWM channel 2, initially 0%", 1s));
  CHECK(sim_pwm(gateway, "duty_cycle") == "0");
}
