#pragma once
// The text command language, shared by the chat room and <prefix>/cmd. Parsing is a pure function
// (text -> command or a message for the person who typed it): no I/O, no state.
//
//   help | status | list | get <name> | set <name> on|off|<percent>% | toggle <name>
//   pulse <output> <duration> | read <sensor|counter> | set <counter> <total> | rules
//
// Words are separated by any amount of blanks; the command word and on/off ignore case.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace gpiogw::chat {

enum class Verb { help, status, list, get, set, toggle, pulse, read, rules };

struct Command {
  Verb verb;
  std::string target{};                   // get, set, toggle, pulse, read: the name as typed
  bool on = false;                        // set <output>
  std::chrono::milliseconds duration{0};  // pulse
  std::optional<double> percent{};        // set <pwm> 40%: 0..100
  std::string total{};                    // set <name> <number>: the number as typed

  bool operator==(const Command&) const = default;
};

// A specific, helpful message such as "usage: pulse <output> <duration>".
struct ParseError {
  std::string message;
};

std::variant<Command, ParseError> parse_command(std::string_view text);

// A `set` whose number only a counter takes: not 0 or 1, which also mean off and on.
bool is_total_only(const Command& command);

// One line listing every command, for `help` and for error messages.
std::string_view command_summary();

}  // namespace gpiogw::chat
