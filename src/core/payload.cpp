#include "gpiogw/core/payload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace gpiogw {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

std::optional<SwitchCommand> parse_switch_command(std::string_view payload) {
  static constexpr std::array<std::pair<std::string_view, SwitchCommand>, 7> kWords{{
      {"on", SwitchCommand::on},
      {"1", SwitchCommand::on},
      {"true", SwitchCommand::on},
      {"off", SwitchCommand::off},
      {"0", SwitchCommand::off},
      {"false", SwitchCommand::off},
      {"toggle", SwitchCommand::toggle},
  }};
  const std::string_view word = trim(payload);
  for (const auto& [text, command] : kWords) {
    if (equals_ignoring_case(word, text)) return command;
  }
  return std::nullopt;
}

std::string_view state_payload(bool active) {
  return active ? "ON" : "OFF";
}

std::string printable_excerpt(std::string_view payload, std::size_t limit) {
  std::string shown = "\"";
  for (const char c : payload.substr(0, limit)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      shown += '\\';
      shown += c;
    } else if (std::isprint(byte)) {
      shown += c;
    } else {
      shown += fmt::format("\\x{:02x}", byte);
    }
  }
  shown += '"';
  if (payload.size() > limit) shown += fmt::format("... ({} bytes)", payload.size());
  return shown;
}

}  // namespace gpiogw
