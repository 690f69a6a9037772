#include "gpiogw/config/topics.hpp"

#include <catch2/catch_test_macros.hpp>

TEST_CASE("topics derive from the prefix", "[topics]") {
  const gpiogw::Topics topics("gpiogw/pi-kitchen");
  CHECK(topics.status() == "gpiogw/pi-kitchen/status");
  CHECK(topics.output_state("relay1") == "gpiogw/pi-kitchen/output/relay1");
  CHECK(topics.output_set("relay1") == "gpiogw/pi-kitchen/output/relay1/set");
  CHECK(topics.input_state("door") == "gpiogw/pi-kitchen/input/door");
  CHECK(topics.sensor("cpu") == "gpiogw/pi-kitchen/sensor/cpu");
  CHECK(topics.sensor_error("cpu") == "gpiogw/pi-kitchen/sensor/cpu/error");
}
