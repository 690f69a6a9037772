#include "gpiogw/sensors/randint.hpp"

#include <catch2/catch_test_macros.hpp>

#include <set>
#include <vector>

using namespace gpiogw::sensors;
using gpiogw::config::RandintSensor;

namespace {

std::vector<double> draw(Randint& source, int count) {
  std::vector<double> values;
  for (int i = 0; i < count; ++i) values.push_back(std::get<double>(source.read()));
  return values;
}

}  // namespace

TEST_CASE("randint stays within its inclusive bounds and reaches both", "[sensors][randint]") {
  Randint source(RandintSensor{.min = -2, .max = 3, .seed = std::nullopt});
  const auto values = draw(source, 2000);
  const std::set<double> seen(values.begin(), values.end());
  CHECK(seen == std::set<double>{-2, -1, 0, 1, 2, 3});
  CHECK_FALSE(source.blocking());
}

TEST_CASE("a seeded randint repeats its sequence", "[sensors][randint]") {
  Randint first(RandintSensor{.min = 0, .max = 10, .seed = 7});
  Randint second(RandintSensor{.min = 0, .max = 10, .seed = 7});
  Randint other(RandintSensor{.min = 0, .max = 10, .seed = 8});
  const auto sequence = draw(first, 20);
  CHECK(draw(second, 20) == sequence);
  CHECK(draw(other, 20) != sequence);
}
