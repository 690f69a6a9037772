#pragma once
// What every section measures against: one private mosquitto (set_tcp_nodelay true, from the
// test fixtures) and the programs under test, started once per run.

#include <filesystem>
#include <memory>
#include <string>

#include "broker.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

namespace gpiogw::bench {

struct BenchOptions {
  bool quick = false;
  int repeats = 3;
  int samples = 2000;  // latency samples per series, after the warm-up
  int warmup = 200;
  std::chrono::milliseconds step{2000};  // one throughput rate
  std::chrono::seconds idle{60};
  std::filesystem::path self;    // this program, started again as the echo clients
  std::filesystem::path gpiogw;  // the binary under test
};

// An echo client (see echo.hpp) as a child process, ready once constructed.
class EchoProcess {
 public:
  // `mode` is "echo" (Paho) or "echo-raw".
  EchoProcess(const BenchOptions& options, std::uint16_t port, const std::string& mode, int qos);
  ~EchoProcess();

  pid_t pid() const { return process_->pid(); }
  std::string from() const { return topic_ + "/a"; }
  std::string to() const { return topic_ + "/b"; }

 private:
  test::TempDir dir_{"gpiogw-bench-echo"};
  std::string topic_;
  std::unique_ptr<test::Process> process_;
};

}  // namespace gpiogw::bench
