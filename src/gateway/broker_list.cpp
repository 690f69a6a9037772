#include "gpiogw/gateway/broker_list.hpp"

#include <algorithm>
#include <random>

namespace gpiogw {

BrokerList::BrokerList(std::vector<std::string> uris, std::uint32_t seed)
    : order_(std::move(uris)) {
  // Through a seed sequence: nearby seeds still give unrelated orders.
  std::seed_seq sequence{seed};
  std::shuffle(order_.begin(), order_.end(), std::mt19937(sequence));
}

void BrokerList::start_at(const std::string& uri) {
  if (const auto found = std::ranges::find(order_, uri); found != order_.end())
    index_ = static_cast<std::size_t>(found - order_.begin());
}

bool BrokerList::failed() {
  index_ = (index_ + 1) % order_.size();
  ++failures_in_a_row_;
  return failures_in_a_row_ % order_.size() == 0;
}

}  // namespace gpiogw
