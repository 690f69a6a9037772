#pragma once
// The exit codes of every gpiogw program; they follow sysexits(3).

namespace gpiogw {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 64,        // EX_USAGE: bad command line
  kExitNoInput = 66,      // EX_NOINPUT: a file named on the command line cannot be read
  kExitUnavailable = 69,  // EX_UNAVAILABLE: GPIO chip or line, or (tools) the broker, cannot be had
  kExitSoftware = 70,     // EX_SOFTWARE: an internal error (systemd restarts the service)
  kExitConfig = 78,       // EX_CONFIG: the config file is wrong
};

}  // namespace gpiogw
