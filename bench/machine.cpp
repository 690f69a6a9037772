#include "machine.hpp"

#include <fstream>
#include <sstream>
#include <tuple>
#include <utility>

namespace gpiogw::bench {
namespace {

// Busy and total jiffies of all cores, from the "cpu" line of /proc/stat.
std::pair<long long, long long> cpu_jiffies() {
  std::ifstream in("/proc/stat");
  std::string label;
  in >> label;
  long long total = 0;
  long long idle = 0;
  long long value = 0;
  for (int field = 0; field < 8 && in >> value; ++field) {
    total += value;
    if (field == 3 || field == 4) idle += value;  // idle and iowait
  }
  return {total - idle, total};
}

}  // namespace

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("model name")) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

MachineLoad::MachineLoad() {
  std::tie(busy_, total_) = cpu_jiffies();
}

double MachineLoad::busy() const {
  const auto [busy, total] = cpu_jiffies();
  return total > total_ ? static_cast<double>(busy - busy_) / static_cast<double>(total - total_)
                        : 0.0;
}

}  // namespace gpiogw::bench
