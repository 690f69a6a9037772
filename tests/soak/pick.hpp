#pragma once
// One of `items`, chosen by `random`.

#include <random>

namespace gpiogw::soak {

template <typename Items>
const auto& pick(const Items& items, std::mt19937_64& random) {
  return items[std::uniform_int_distribution<std::size_t>(0, std::size(items) - 1)(random)];
}

}  // namespace gpiogw::soak
