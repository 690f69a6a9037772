#pragma once
// The whole benchmark run: starts the broker and the programs under test once, measures every
// section, prints it, and ends with the results against the goals.

#include "rig.hpp"

namespace gpiogw::bench {

// Returns the exit code: 0 when everything was measured (whether or not the goals were met).
int run_benchmark(const BenchOptions& options);
// Only section 7, pulse counting, against a broker of its own.
int run_counting(const BenchOptions& options);

}  // namespace gpiogw::bench
