#pragma once
// The measurements, one function per section of the report. Each returns plain numbers; report.hpp
// prints them.

#include <string>
#include <vector>

#include "gateway_under_test.hpp"
#include "load.hpp"
#include "proc_stats.hpp"
#include "rig.hpp"
#include "stats.hpp"

namespace gpiogw::bench {

// 1-3 at one QoS: command -> state round trips through the floor's echo client and through the
// gateway, and pull file -> input state. The three alternate round by round, so that all of them
// meet the same machine (others compile on it).
struct LatencyResult {
  int qos = 0;
  Summary floor;
  Summary gateway;
  Summary input;
};
LatencyResult measure_latency(const BenchOptions& options, std::uint16_t port,
                              const EchoProcess& echo, const GatewayUnderTest& commands,
                              const GatewayUnderTest& inputs, int qos);

// 4: rising open-loop rates until one is not sustained, for the floor and the gateway. At each
// rate the two steps run back to back, so that both meet the same machine (others compile on
// it); each ladder ends with its first unsustained step (or the top of the list).
struct LoadSubject {
  LoadTarget target;
  std::vector<pid_t> measured;  // whose CPU time each step accounts
};
struct ThroughputPair {
  std::vector<LoadStep> floor;
  std::vector<LoadStep> gateway;
};
ThroughputPair measure_throughput(const BenchOptions& options, std::uint16_t port, int qos,
                                  const LoadSubject& floor, const LoadSubject& gateway);
LoadTarget echo_target(const EchoProcess& echo);
LoadTarget gateway_target(const std::string& prefix);
// The highest sustained rate among `steps`, or 0.
const LoadStep* best_sustained(const std::vector<LoadStep>& steps);

// 6: what an idle gateway costs over options.idle.
struct IdleCost {
  double seconds = 0;
  double cpu_seconds = 0;
  ProcessSample before;
  ProcessSample after;
};
IdleCost measure_idle(const BenchOptions& options, const GatewayUnderTest& gateway);

}  // namespace gpiogw::bench
