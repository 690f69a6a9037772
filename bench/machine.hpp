#pragma once
// The machine the numbers come from, and how busy it was while they were taken (others compile
// on the same cores, so every report says so).

#include <string>

namespace gpiogw::bench {

std::string cpu_model();
std::string load_average();  // the three numbers of /proc/loadavg

// Busy share of all cores between construction and busy(), from /proc/stat; includes the benchmark
// itself.
class MachineLoad {
 public:
  MachineLoad();
  double busy() const;  // 0..1

 private:
  long long busy_ = 0;
  long long total_ = 0;
};

}  // namespace gpiogw::bench
