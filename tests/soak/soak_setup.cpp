#include "soak_setup.hpp"

#include <fmt/format.h>

namespace gpiogw::soak {

std::vector<SoakOutput> soak_outputs() {
  std::vector<SoakOutput> outputs;
  for (unsigned i = 0; i < 8; ++i) {
    outputs.push_back({.name = fmt::format("out{}", i),
                       .line = i,
                       .active_low = i % 2 == 1,
                       .initially_on = i % 3 == 0});
  }
  return outputs;
}

std::vector<SoakInput> soak_inputs() {
  std::vector<SoakInput> inputs;
  for (unsigned i = 0; i < 8; ++i) {
    inputs.push_back({.name = fmt::format("in{}", i), .line = 20 + i, .active_low = i % 2 == 0});
  }
  return inputs;
}

SensorFiles sensor_files(const std::filesystem::path& root) {
  return {.cpu_temp = root / "sys/class/thermal/thermal_zone0/temp",
          .battery = root / "battery/capacity"};
}

std::string soak_config(const std::string& broker_uri, const std::filesystem::path& root) {
  std::string text = fmt::format(
      "[gateway]\nname = \"{}\"\nsysfs_root = \"{}\"\n\n"
      "[mqtt]\nuri = \"{}\"\nqos = 1\n\n"
      "[gpio]\nbackend = \"mock\"\n[gpio.mock]\nsim_dir = \"sim\"\n\n"
      "[chat]\nroom = \"{}\"\nallow = [\"{}\", \"{}\"]\n",
      kGatewayName, (root / "sys").string(), broker_uri, kRoom, fmt::join(kChatters, "\", \""),
      kCarelessMember);
  for (const auto& output : soak_outputs()) {
    text += fmt::format(
        "\n[[output]]\nname = \"{}\"\nline = {}\nactive_low = {}\ninitial = \"{}\"\n", output.name,
        output.line, output.active_low, output.initially_on ? "on" : "off");
  }
  // Half the inputs debounce for 20 ms, half for 50 ms: the edge driver's bursts are faster than
  // either, its pauses slower.
  for (const auto& input : soak_inputs()) {
    text += fmt::format(
        "\n[[input]]\nname = \"{}\"\nline = {}\nbias = \"{}\"\nactive_low = {}\n"
        "debounce = \"{}ms\"\n",
        input.name, input.line, input.line % 2 == 0 ? "pull-up" : "pull-down", input.active_low,
        input.line % 4 < 2 ? 20 : 50);
  }
  text +=
      "\n[[sensor]]\nname = \"dice\"\nkind = \"randint\"\ninterval = \"200ms\"\nmin = 1\nmax = 6\n"
      "\n[[sensor]]\nname = \"coin\"\nkind = \"randint\"\ninterval = \"200ms\"\nmin = 0\nmax = 1\n"
      "seed = 7\n"
      "\n[[sensor]]\nname = \"cpu\"\nkind = \"cpu_temp\"\ninterval = \"200ms\"\ndigits = 1\n";
  text += fmt::format(
      "\n[[sensor]]\nname = \"battery\"\nkind = \"file\"\npath = \"{}\"\ninterval = \"200ms\"\n",
      sensor_files(root).battery.string());
  return text;
}

}  // namespace gpiogw::soak
