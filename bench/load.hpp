#pragma once
// Open-loop throughput: commands go out at a fixed rate whatever happens to them (a closed loop
// would slow down with the system under test and hide its limit), over raw-socket MQTT.

#include <sys/types.h>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "stats.hpp"

namespace gpiogw::bench {

struct LoadTarget {
  std::vector<std::string> command_topics;  // command i goes to command_topics[i % size]
  std::vector<std::string> reply_topics;    // and is answered on reply_topics[i % size]
};

struct LoadStep {
  double asked_rate = 0;  // commands per second
  double sent_rate = 0;   // what the generator managed
  std::size_t sent = 0;
  std::size_t answered = 0;
  Summary delay;  // command sent -> reply received, us
  // CPU seconds the measured processes used from the first command to the last reply.
  std::vector<double> cpu_seconds;
  double seconds = 0;  // that interval
  bool sustained = false;
};

struct LoadOptions {
  std::uint16_t port = 0;
  int qos = 0;
  double rate = 0;
  std::chrono::milliseconds duration{2000};
  // p99 above this: not sustained. A rate past the limit builds a backlog that grows through the
  // step (to seconds); a busy shared machine alone delays single messages by 50-70 ms.
  std::chrono::milliseconds delay_bound{200};
  std::vector<pid_t> measured;  // whose CPU time to account
};

// Alternates ON/OFF per command topic, so every command changes its line.
LoadStep run_load_step(const LoadTarget& target, const LoadOptions& options);

}  // namespace gpiogw::bench
