#pragma once
// Public test brokers by name: `uri = "hivemq"` plus `transport` stands for the broker's host and
// the port of that transport. They are for trying gpiogw out: anyone can read and publish on
// them, so a gateway on a preset can be switched by strangers. Never use them for real devices.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "gpiogw/config/config.hpp"

namespace gpiogw::config {

struct Preset {
  std::string_view name;
  std::string_view host;
  std::uint16_t tcp_port;
  std::uint16_t tls_port;
  std::uint16_t ws_port;
  std::uint16_t wss_port;
  std::string_view ws_path;  // the HTTP path of the WebSocket endpoint
  std::string_view note;     // what a user must know, e.g. that it needs a token
};

std::span<const Preset> presets();
const Preset* find_preset(std::string_view name);

// The broker URI a preset stands for, e.g. "ssl://broker.hivemq.com:8883" for tls.
std::string preset_uri(const Preset& preset, Transport transport);

// A broker URI (checked by check_broker_uri) or a preset's name; what is wrong with it, with a
// did-you-mean for a misspelt preset, or nothing.
std::optional<std::string> check_broker(std::string_view uri_or_preset);

// True when `text` is meant as a URI (it has a scheme) rather than a preset's name.
bool is_uri(std::string_view text);

}  // namespace gpiogw::config
