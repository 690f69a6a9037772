#pragma once
// What may arrive on an output's command topic, and how a payload is shown in a log line.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gpiogw {

enum class SwitchCommand { on, off, toggle };

// ON OFF TOGGLE 1 0 true false, in any case, surrounding whitespace ignored; nothing else.
std::optional<SwitchCommand> parse_switch_command(std::string_view payload);

// A number that is the whole text, surrounding whitespace ignored: 12, 0.5, 1e3, -2 (no '+',
// no hex; a double must be finite). What totals, percents and the state file are read with.
std::optional<double> parse_number(std::string_view text);
std::optional<std::uint64_t> parse_count(std::string_view text);  // digits only

// A percent as people and PWM command topics give it: 0..100, decimals allowed, an optional
// trailing '%', surrounding whitespace ignored; nothing else.
std::optional<double> parse_percent(std::string_view text);

// The state payload for a logical level: "ON" or "OFF".
std::string_view state_payload(bool active);

// `value` rounded to `digits` decimals, as sensors publish it.
double round_to_digits(double value, int digits);

// A sensor value as text with at most `digits` decimals and no trailing zeros: 7, 48.3, -0.25.
std::string sensor_payload(double value, int digits);

// A received text made safe for a terminal line: control bytes as \xNN, the rest (UTF-8 too) as is.
std::string printable_line(std::string_view text);

// A payload made safe for one log line: quoted, non-printable bytes as \xNN, at most `limit`
// bytes of the original shown, longer ones marked with "... (N bytes)".
std::string printable_excerpt(std::string_view payload, std::size_t limit = 64);

}  // namespace gpiogw
