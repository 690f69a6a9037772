#pragma once
// Drives the gateway's inputs through their sim pull files at random: single changes slower than
// the debounce, and bursts of changes a few milliseconds apart, faster than it.

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "gateway_process.hpp"

namespace gpiogw::soak {

class InputEdges {
 public:
  InputEdges(test::GatewayProcess& gateway, std::uint64_t seed);

  // One change or one burst; returns how long to wait before the next.
  std::chrono::microseconds step();
  std::uint64_t edges() const { return edges_; }

 private:
  test::GatewayProcess& gateway_;
  std::mt19937_64 random_;
  std::vector<unsigned> lines_;
  std::vector<bool> pulled_up_;
  std::uint64_t edges_ = 0;  // only the worker thread writes it
};

}  // namespace gpiogw::soak
