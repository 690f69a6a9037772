#include "gpiogw/base/payload.hpp"

#include "gpiogw/base/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

namespace gpiogw {

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
    if (equal_ignoring_case(word, text)) return command;
  }
  return std::nullopt;
}

std::string_view state_payload(bool active) {
  return active ? "ON" : "OFF";
}

double round_to_digits(double value, int digits) {
  const double factor = std::pow(10.0, digits);
  const double scaled = value * factor;
  // So large that scaling overflows: it has no decimals to round, and must not turn into inf.
  if (!std::isfinite(scaled)) return value;
  return std::round(scaled) / factor;
}

std::string sensor_payload(double value, int digits) {
  std::string text = fmt::format("{:.{}f}", round_to_digits(value, digits), digits);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string printable_line(std::string_view text) {
  std::string shown;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f)
      shown += fmt::format("\\x{:02x}", byte);
    else
      shown += c;
  }
  return shown;
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

namespace {

template <class Number>
std::optional<Number> parse_whole(std::string_view text) {
  text = trim(text);
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  const auto value = parse_whole<double>(text);
  if (!value || !std::isfinite(*value)) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  return parse_whole<std::uint64_t>(text);
}

std::optional<double> parse_percent(std::string_view text) {
  text = trim(text);
  if (text.ends_with('%')) text.remove_suffix(1);
  const auto value = parse_number(text);
  if (!value || !(*value >= 0 && *value <= 100)) return std::nullopt;
  return value;
}

}  // namespace gpiogw
