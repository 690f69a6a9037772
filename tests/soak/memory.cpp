#include "memory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>

namespace gpiogw::soak {
namespace {

// The value in kB of the line "<key>: <value> kB" of a /proc file.
std::optional<long> proc_kib(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key + ":")) return std::stol(line.substr(key.size() + 1));
  }
  return std::nullopt;
}

constexpr std::size_t kFewestSamples = 120;

long median(std::vector<long> values) {
  std::ranges::sort(values);
  return values[values.size() / 2];
}

}  // namespace

GrowthVerdict judge_growth(const std::vector<long>& kib, const std::string& what) {
  const std::size_t n = kib.size();
  // Caches still fill during the first minutes (later on a busy machine): a shorter run says
  // nothing about leaks.
  if (n < kFewestSamples) {
    return {false, fmt::format("{}: only {} samples, too few to judge (at least {})", what, n,
                               kFewestSamples)};
  }
  const long before = *std::max_element(kib.begin(), kib.begin() + n / 2);
  const long after = median(std::vector<long>(kib.begin() + 3 * n / 4, kib.end()));
  const long slack = std::max(512L, before / 20);
  std::vector<long> series;  // about a dozen points along the run
  for (std::size_t i = 0; i < n; i += std::max<std::size_t>(1, n / 12)) series.push_back(kib[i]);
  return {after > before + slack,
          fmt::format("{}: {} samples, min {} KiB, max {}; highest of the first half {} KiB, "
                      "median of the last quarter {} KiB (allowed: {} + {}); along the run: {} ... "
                      "{}",
                      what, n, *std::ranges::min_element(kib), *std::ranges::max_element(kib),
                      before, after, before, slack, fmt::join(series, " "), kib.back())};
}

std::chrono::microseconds MemorySampler::step() {
  const auto proc = "/proc/" + std::to_string(pid_);
  const auto rss = proc_kib(proc + "/status", "VmRSS");
  const auto pss = proc_kib(proc + "/smaps_rollup", "Pss");
  const std::lock_guard lock(mutex_);
  if (rss) rss_kib_.push_back(*rss);
  if (pss) pss_kib_.push_back(*pss);
  return std::chrono::seconds(1);
}

std::vector<long> MemorySampler::rss_kib() const {
  const std::lock_guard lock(mutex_);
  return rss_kib_;
}

std::vector<long> MemorySampler::pss_kib() const {
  const std::lock_guard lock(mutex_);
  return pss_kib_;
}

}  // namespace gpiogw::soak
