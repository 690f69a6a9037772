#pragma once
// The broker floor's stand-ins for the gateway, run as child processes of the benchmark so they
// pay the same process and scheduling costs: each republishes every message from one topic to
// another, and does nothing else.

#include <cstdint>
#include <string>

namespace gpiogw::bench {

struct EchoOptions {
  std::uint16_t port = 0;
  int qos = 0;
  std::string from;
  std::string to;
};

// A Paho C++ client (the latency floor): republishes from its message callback. Runs until
// SIGTERM; returns the exit code.
int run_paho_echo(const EchoOptions& options);

// A raw-socket client (the throughput floor: it costs next to nothing, so the broker is the
// limit). Runs until SIGTERM or the connection closes.
int run_raw_echo(const EchoOptions& options);

}  // namespace gpiogw::bench
