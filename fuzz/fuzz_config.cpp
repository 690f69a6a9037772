// Fuzz target: the config loader (toml++ and every rule after it). A config file is written by a
// person; whatever it holds, the loader must answer with a Config or with diagnostics.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "check.hpp"
#include "gpiogw/config/loader.hpp"
#include "gpiogw/config/summary.hpp"

using gpiogw::fuzz::require;

namespace {

void check_config(const gpiogw::config::Config& config) {
  require(!config.gateway.name.empty() && !config.gateway.topic_prefix.empty(), "named");
  require(config.mqtt.qos >= 0 && config.mqtt.qos <= 2, "qos 0..2");
  std::set<std::string> names;
  for (const auto& output : config.outputs) {
    require(!output.name.empty() && names.insert(output.name).second, "unique output names");
    if (output.max_on) require(output.max_on->count() > 0, "max_on is positive");
  }
  for (const auto& input : config.inputs) {
    require(!input.name.empty() && names.insert(input.name).second, "unique input names");
    require(input.debounce.count() >= 0, "debounce is not negative");
  }
  require(!gpiogw::config::summarize(config).empty(), "a summary");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = gpiogw::config::load_string(text, "/etc/gpiogw/fuzz.toml");
  require(result.config.has_value() == result.errors.empty(), "a config or errors, not both");
  for (const auto& error : result.errors) {
    require(!error.message.empty(), "every error says what is wrong");
    require(!error.to_string().empty(), "errors print");
  }
  if (result.config) check_config(*result.config);
  return 0;
}
