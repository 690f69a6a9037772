#include "input_edges.hpp"

#include <thread>

#include "soak_setup.hpp"

namespace gpiogw::soak {

InputEdges::InputEdges(test::GatewayProcess& gateway, std::uint64_t seed)
    : gateway_(gateway), random_(seed) {
  for (const auto& input : soak_inputs()) {
    lines_.push_back(input.line);
    pulled_up_.push_back(gateway_.sim_value(input.line) == "1");
  }
}

std::chrono::microseconds InputEdges::step() {
  const auto index = std::uniform_int_distribution<std::size_t>(0, lines_.size() - 1)(random_);
  // Mostly single changes; one in three a burst of 2-6 changes 1-5 ms apart.
  const int changes = random_() % 3 == 0 ? std::uniform_int_distribution<int>(2, 6)(random_) : 1;
  for (int i = 0; i < changes; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1 + random_() % 5));
    pulled_up_[index] = !pulled_up_[index];
    gateway_.set_pull(lines_[index], pulled_up_[index] ? "pull-up" : "pull-down");
    ++edges_;
  }
  return std::chrono::microseconds(std::uniform_int_distribution<int>(0, 150'000)(random_));
}

}  // namespace gpiogw::soak
