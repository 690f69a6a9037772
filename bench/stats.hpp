#pragma once
// Order statistics of a set of samples, in microseconds.

#include <cstddef>
#include <vector>

namespace gpiogw::bench {

struct Summary {
  std::size_t count = 0;
  double min = 0;
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  double max = 0;
};

// Nearest-rank percentiles; an empty set gives all zeros.
Summary summarize(std::vector<double> samples);

}  // namespace gpiogw::bench
