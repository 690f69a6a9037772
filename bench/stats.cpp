#include "stats.hpp"

#include <algorithm>
#include <cmath>

namespace gpiogw::bench {

Summary summarize(std::vector<double> samples) {
  if (samples.empty()) return {};
  std::ranges::sort(samples);
  const auto rank = [&](double p) {
    const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
    return samples[std::clamp<std::size_t>(index, 1, samples.size()) - 1];
  };
  return {.count = samples.size(),
          .min = samples.front(),
          .p50 = rank(0.50),
          .p90 = rank(0.90),
          .p99 = rank(0.99),
          .max = samples.back()};
}

}  // namespace gpiogw::bench
