#include "gpiogw/config/presets.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <vector>

#include "gpiogw/config/rules.hpp"
#include "gpiogw/config/suggest.hpp"

namespace gpiogw::config {
namespace {

// Hosts and ports as their operators publish them. "mosquitto" uses 8886 for TLS: that port has a
// Let's Encrypt certificate, which the system trust store accepts (8883 needs mosquitto.org's own
// CA file).
constexpr std::array kPresets{
    Preset{"hivemq", "broker.hivemq.com", 1883, 8883, 8000, 8884, "/mqtt", ""},
    Preset{"mosquitto", "test.mosquitto.org", 1883, 8886, 8080, 8081, "/mqtt", ""},
    Preset{"emqx", "broker.emqx.io", 1883, 8883, 8083, 8084, "/mqtt", ""},
    Preset{"eclipse", "mqtt.eclipseprojects.io", 1883, 8883, 80, 443, "/mqtt", ""},
    Preset{"flespi", "mqtt.flespi.io", 1883, 8883, 80, 443, "/",
           "needs a flespi token as the username"},
};

std::string preset_names() {
  std::vector<std::string_view> names;
  for (const Preset& preset : kPresets) names.push_back(preset.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::span<const Preset> presets() {
  return kPresets;
}

const Preset* find_preset(std::string_view name) {
  const auto found = std::find_if(kPresets.begin(), kPresets.end(),
                                  [&](const Preset& preset) { return preset.name == name; });
  return found == kPresets.end() ? nullptr : &*found;
}

std::string preset_uri(const Preset& preset, Transport transport) {
  switch (transport) {
    case Transport::tcp:
      return fmt::format("tcp://{}:{}", preset.host, preset.tcp_port);
    case Transport::tls:
      return fmt::format("ssl://{}:{}", preset.host, preset.tls_port);
    case Transport::ws:
      return fmt::format("ws://{}:{}{}", preset.host, preset.ws_port, preset.ws_path);
    case Transport::wss:
      return fmt::format("wss://{}:{}{}", preset.host, preset.wss_port, preset.ws_path);
  }
  return {};
}

bool is_uri(std::string_view text) {
  return text.find("://") != std::string_view::npos;
}

std::optional<std::string> check_broker(std::string_view uri_or_preset) {
  if (uri_or_preset.empty() || is_uri(uri_or_preset)) return check_broker_uri(uri_or_preset);
  if (find_preset(uri_or_preset)) return std::nullopt;
  std::vector<std::string_view> names;
  for (const Preset& preset : kPresets) names.push_back(preset.name);
  std::string message =
      fmt::format("{} is neither a broker URI nor a preset", shown_uri(uri_or_preset));
  if (auto match = closest_match(uri_or_preset, names))
    message += fmt::format(" (did you mean '{}'?)", *match);
  return message + fmt::format("; presets: {}; or {}", preset_names(), kBrokerUriForms);
}

}  // namespace gpiogw::config
