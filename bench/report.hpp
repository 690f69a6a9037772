#pragma once
// Prints the sections as tables, and at the end the run's results against the goals
// (docs/benchmarks.md). Every gateway figure is shown as a ratio to the floor from the same run.

#include <string>
#include <vector>

#include "sections.hpp"

namespace gpiogw::bench {

struct ThroughputRun {
  int repeat = 0;
  int qos = 0;
  ThroughputPair steps;
};

struct RunResults {
  std::vector<LatencyResult> latency;  // every repeat, both QoS
  std::vector<ThroughputRun> throughput;
  long peak_rss_kb = 0;  // the highest VmHWM of the gateways
  IdleCost idle;
  double keepalive_seconds = 30;
};

void print_title(const std::string& title);
void print_latency_header();
void print_latency(int repeat, const LatencyResult& result);
void print_throughput_header();
// `names` label the measured processes whose CPU time each step holds.
void print_throughput(int repeat, int qos, const std::string& what,
                      const std::vector<LoadStep>& steps, const std::vector<std::string>& names);
void print_process_header();
void print_process(const std::string& what, const ProcessSample& sample, double startup_ms);
void print_idle(const IdleCost& idle);
// Returns whether every goal was met.
bool print_goals(const RunResults& results);

}  // namespace gpiogw::bench
