#pragma once
// The soaked gateway's memory, sampled from /proc every second, and the rule that says whether it
// grew: the median of the last quarter of the samples may exceed the highest sample of the first
// half by at most max(512 KiB, 5 %). Caches (malloc's arenas, the stacks of the sensors' reader
// threads) grow in steps up to a plateau, the later the busier the machine; a leak keeps climbing
// through the second half. A median, so that a burst (an outage filling the offline buffer) at
// the end does not decide it.

#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace gpiogw::soak {

struct GrowthVerdict {
  bool grew;
  std::string summary;  // the series in numbers, for the test's output
};

GrowthVerdict judge_growth(const std::vector<long>& kib, const std::string& what);

class MemorySampler {
 public:
  explicit MemorySampler(pid_t pid) : pid_(pid) {}

  std::chrono::microseconds step();  // one sample
  std::vector<long> rss_kib() const;
  std::vector<long> pss_kib() const;

 private:
  pid_t pid_;
  mutable std::mutex mutex_;
  std::vector<long> rss_kib_;
  std::vector<long> pss_kib_;
};

}  // namespace gpiogw::soak
