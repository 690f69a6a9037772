#pragma once
// The command line of the gpiogw program (see --help). Exit codes follow sysexits(3).

#include <optional>
#include <string>
#include <variant>

#include "gpiogw/config/config.hpp"
#include "gpiogw/core/log.hpp"

namespace gpiogw {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 64,        // EX_USAGE: bad command line
  kExitNoInput = 66,      // EX_NOINPUT: a file named on the command line cannot be read
  kExitUnavailable = 69,  // EX_UNAVAILABLE: GPIO chip or line, or (tools) the broker, cannot be had
  kExitSoftware = 70,     // EX_SOFTWARE: an internal error
  kExitConfig = 78,       // EX_CONFIG: the config file is wrong
};

struct CommandLine {
  std::string config_file = "/etc/gpiogw/gpiogw.toml";
  bool check_only = false;                     // --check-config: validate, summarize and exit
  bool list_lines = false;                     // --list-lines: print the GPIO lines and exit
  std::optional<config::BackendKind> backend;  // --backend overrides [gpio] backend
  std::optional<std::string> broker;           // --broker overrides [mqtt] uri
  log::Level log_level = log::Level::info;
};

// The parsed command line, or the exit code when it was --help, --version or a usage error
// (the message is already printed).
std::variant<CommandLine, int> parse_command_line(int argc, const char* const* argv);

}  // namespace gpiogw
