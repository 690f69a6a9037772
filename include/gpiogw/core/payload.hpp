#pragma once
// What may arrive on an output's command topic, and how a payload is shown in a log line.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gpiogw {

enum class SwitchCommand { on, off, toggle };

// ON OFF TOGGLE 1 0 true false, in any case, surrounding whitespace ignored; nothing else.
std::optional<SwitchCommand> parse_switch_command(std::string_view payload);

// The state payload for a logical level: "ON" or "OFF".
std::string_view state_payload(bool active);

// A payload made safe for one log line: quoted, non-printable bytes as \xNN, at most `limit`
// bytes of the original shown, longer ones marked with "... (N bytes)".
std::string printable_excerpt(std::string_view payload, std::size_t limit = 64);

}  // namespace gpiogw
