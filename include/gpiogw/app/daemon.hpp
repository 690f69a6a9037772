#pragma once

#include "gpiogw/app/cli.hpp"

namespace gpiogw {

// Loads the config and either checks it (--check-config) or runs the gateway until a stop signal
// (daemon_signals.hpp; SIGHUP reloads the config). Returns the process exit code. Call
// block_daemon_signals() first.
int run(const CommandLine& command_line);

}  // namespace gpiogw
