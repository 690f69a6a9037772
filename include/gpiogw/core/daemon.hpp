#pragma once

#include "gpiogw/core/cli.hpp"

namespace gpiogw {

// Loads the config and either checks it (--check-config) or runs the gateway until SIGINT or
// SIGTERM. Returns the process exit code. Call block_termination_signals() first.
int run(const CommandLine& command_line);

}  // namespace gpiogw
