#pragma once
// The command line of the gpiogw program (see --help).

#include <optional>
#include <string>
#include <variant>

#include "gpiogw/base/exit_codes.hpp"
#include "gpiogw/base/log.hpp"
#include "gpiogw/config/config.hpp"

namespace gpiogw {

struct CommandLine {
  std::string config_file = "/etc/gpiogw/gpiogw.toml";
  bool check_only = false;  // --check-config: validate, summarize and exit
  bool list_lines = false;  // --list-lines: print the GPIO lines and exit
  bool list_pwm = false;    // --list-pwm: print the PWM chips and exit
  bool forget = false;      // --forget: remove what the gateway retained on the broker and exit
  std::optional<config::BackendKind> backend;  // --backend overrides [gpio] backend
  std::optional<std::string> broker;           // --broker overrides [mqtt] uri
  log::Level log_level = log::Level::info;
};

// The parsed command line, or the exit code when it was --help, --version or a usage error
// (the message is already printed).
std::variant<CommandLine, int> parse_command_line(int argc, const char* const* argv);

}  // namespace gpiogw
