#pragma once
// What a soak run is told from the environment: GPIOGW_SOAK_SECONDS (how long the random traffic
// runs; default 150) and GPIOGW_SOAK_SEED (the random driver's seed, to repeat a run's choices;
// default a fresh one, printed).

#include <chrono>
#include <cstdint>

namespace gpiogw::soak {

struct SoakSettings {
  std::chrono::seconds duration;
  std::uint64_t seed;
};

// Throws std::invalid_argument naming the variable when one is set but not a number.
SoakSettings settings_from_environment();

}  // namespace gpiogw::soak
