#include "gateway_under_test.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "raw_mqtt.hpp"

namespace gpiogw::bench {
namespace {

std::string config_text(const GatewaySetup& setup) {
  std::string text = fmt::format(
      "[gateway]\nname = \"{}\"\nstate_dir = \"state\"\n\n[mqtt]\nuri = "
      "\"tcp://127.0.0.1:{}\"\nqos = {}\n\n"
      "[gpio]\nbackend = \"mock\"\n",
      setup.name, setup.port, setup.qos);
  if (setup.sim_dir) text += "[gpio.mock]\nsim_dir = \"sim\"\n";
  for (int i = 0; i < GatewayUnderTest::kOutputs; ++i) {
    text += fmt::format("\n[[output]]\nname = \"out{}\"\nline = {}\n", i,
                        GatewayUnderTest::kFirstOutputLine + i);
  }
  for (int i = 0; i < GatewayUnderTest::kInputs; ++i) {
    text += fmt::format(
        "\n[[input]]\nname = \"in{}\"\nline = {}\nbias = \"pull-down\"\nedge = \"both\"\n"
        "debounce = \"0ms\"\n",
        i, GatewayUnderTest::kFirstInputLine + i);
  }
  if (setup.counter) {
    text += fmt::format(
        "\n[[counter]]\nname = \"meter\"\nline = {}\nedge = \"falling\"\ninterval = "
        "\"100ms\"\n",
        GatewayUnderTest::kCounterLine);
  }
  // Two slow sensors, as a real deployment has: they wake the loop once per interval each.
  for (int i = 0; i < GatewayUnderTest::kSensors; ++i) {
    text +=
        fmt::format("\n[[sensor]]\nname = \"dice{}\"\nkind = \"randint\"\ninterval = \"30s\"\n", i);
  }
  return text;
}

}  // namespace

std::string output_topic(const std::string& prefix, int index) {
  return fmt::format("{}/output/out{}", prefix, index);
}

std::string input_topic(const std::string& prefix, int index) {
  return fmt::format("{}/input/in{}", prefix, index);
}

GatewayUnderTest::GatewayUnderTest(const GatewaySetup& setup) : name_(setup.name) {
  test::write_file(dir_ / "gpiogw.toml", config_text(setup));
  RawMqttClient watcher(setup.port, "bench-watch-" + setup.name);
  watcher.set_receive_timeout(std::chrono::seconds(10));
  watcher.subscribe(prefix() + "/status", 0);
  const auto start = std::chrono::steady_clock::now();
  process_ = std::make_unique<test::Process>(
      std::vector<std::string>{setup.binary.string(), "--config", (dir_ / "gpiogw.toml").string()},
      dir_ / "gpiogw.log");
  bool online = false;
  const auto on_status = [&](const Incoming& message) {
    if (!message.retained && message.payload == "online") online = true;
  };
  while (!online && watcher.receive(on_status)) {
  }
  if (!online) {
    throw std::runtime_error("gpiogw '" + setup.name + "' did not come online; its log:\n" +
                             process_->output());
  }
  startup_ = std::chrono::steady_clock::now() - start;
}

void GatewayUnderTest::set_input(int index, bool high) const {
  test::write_file(dir_ / "sim" / fmt::format("sim_gpio{}", kFirstInputLine + index) / "pull",
                   high ? "pull-up\n" : "pull-down\n");
}

void GatewayUnderTest::pulse_counter(std::uint64_t count) const {
  std::ofstream(dir_ / "sim" / fmt::format("sim_gpio{}", kCounterLine) / "pulses", std::ios::app)
      << count << "\n";
}

}  // namespace gpiogw::bench
