#pragma once
// gpiogw started as a process on the mock backend for the benchmark: 4 outputs (out0..out3),
// 4 inputs (in0..in3, debounce "0ms" so the input path is measured without a settle delay).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "process.hpp"
#include "temp_dir.hpp"

namespace gpiogw::bench {

// The topics of the benchmark's config, under a prefix such as "gpiogw/bench-q0".
std::string output_topic(const std::string& prefix, int index);
std::string input_topic(const std::string& prefix, int index);

struct GatewaySetup {
  std::filesystem::path binary;
  std::uint16_t port = 0;
  std::string name;  // topic prefix "gpiogw/<name>"
  int qos = 1;
  bool sim_dir = false;  // the gpio-sim-like files; without them the mock lives in memory only
  bool counter = false;  // also a pulse counter "meter" (needs sim_dir), 1 per pulse, every 100 ms
};

class GatewayUnderTest {
 public:
  static constexpr int kOutputs = 4;
  static constexpr int kInputs = 4;
  static constexpr int kSensors = 2;
  static constexpr unsigned kFirstOutputLine = 0;
  static constexpr unsigned kFirstInputLine = 10;
  static constexpr unsigned kCounterLine = 20;

  // Starts gpiogw and waits for its live "online"; throws std::runtime_error if it does not come.
  explicit GatewayUnderTest(const GatewaySetup& setup);

  pid_t pid() const { return process_->pid(); }
  // From spawning the process to receiving its "online".
  std::chrono::duration<double, std::milli> startup() const { return startup_; }
  std::string prefix() const { return "gpiogw/" + name_; }
  std::string output_topic(int index) const { return bench::output_topic(prefix(), index); }
  std::string input_topic(int index) const { return bench::input_topic(prefix(), index); }
  // Drives input `index` like `echo pull-up > sim_gpioN/pull` (needs sim_dir).
  void set_input(int index, bool high) const;
  // The counter's line makes `count` pulses at once, like `echo N >> sim_gpioN/pulses`.
  void pulse_counter(std::uint64_t count) const;
  std::string counter_topic() const { return prefix() + "/counter/meter"; }
  std::string log() const { return process_->output(); }

 private:
  test::TempDir dir_{"gpiogw-bench"};
  std::string name_;
  std::unique_ptr<test::Process> process_;
  std::chrono::duration<double, std::milli> startup_{};
};

}  // namespace gpiogw::bench
