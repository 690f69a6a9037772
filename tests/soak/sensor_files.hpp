#pragma once
// Keeps changing the files the soak's cpu_temp and file sensors read, each write atomic (a new
// file renamed over the old one, as sysfs never shows half a value), and at the end writes values
// the test then expects on the sensors' topics.

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "soak_setup.hpp"

namespace gpiogw::soak {

class SensorFileWriter {
 public:
  // The final values as the gateway publishes them.
  static constexpr const char* kFinalCpu = "42.5";  // 42500 millidegrees, digits = 1
  static constexpr const char* kFinalBattery = "77";

  SensorFileWriter(SensorFiles files, std::uint64_t seed);

  std::chrono::microseconds step();  // new random values
  void write_final();

 private:
  void write(const std::string& cpu_millidegrees, const std::string& battery);

  SensorFiles files_;
  std::mt19937_64 random_;
};

}  // namespace gpiogw::soak
