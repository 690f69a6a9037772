#pragma once
// 7: pulse counting on the mock: rising pulse rates, each for a while, until one is not counted
// exactly; and the gateway's CPU time per pulse.

#include <chrono>
#include <cstdint>
#include <vector>

#include "gateway_under_test.hpp"
#include "rig.hpp"

namespace gpiogw::bench {

struct CountingStep {
  std::uint64_t rate = 0;     // pulses per second driven
  std::uint64_t driven = 0;   // pulses in this step
  std::uint64_t counted = 0;  // the published total's growth
  std::uint64_t lost = 0;     // published as lost (counted too)
  double cpu_seconds = 0;     // gpiogw, over the step and the publish after it
  bool exact() const { return counted == driven && lost == 0; }
};

// Drives `gateway`'s counter (GatewaySetup::counter) at rising rates for `duration` each, in bursts
// every 10 ms (the mock's `pulses` file), and waits for the published total after each step.
std::vector<CountingStep> measure_counting(const GatewayUnderTest& gateway, std::uint16_t port,
                                           std::chrono::milliseconds duration,
                                           const std::vector<std::uint64_t>& rates);

}  // namespace gpiogw::bench
