#pragma once

namespace gpiogw::tools {

// gpiogw-randint pub|sub: the paho tutorial's random-integer publisher (0..10 at an interval) and
// its subscriber (prints each payload as an integer). Returns the exit code. Call
// block_termination_signals() first.
int run_randint(int argc, const char* const* argv);

}  // namespace gpiogw::tools
