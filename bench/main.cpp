// gpiogw_bench: measures gpiogw against the broker floor in one run (see docs/benchmarks.md and
// bench/run). `echo` and `echo-raw` are the floor's echo clients, started by the run itself.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <filesystem>

#include "benchmark.hpp"
#include "echo.hpp"
#include "report.hpp"

using namespace gpiogw::bench;

int main(int argc, char** argv) {
  CLI::App app{"gpiogw benchmark: latency, throughput, memory and idle cost against the broker"};
  BenchOptions options;
  options.self = std::filesystem::canonical("/proc/self/exe");
  options.gpiogw = GPIOGW_BINARY;
  app.add_flag("--quick", options.quick, "a few seconds: a smoke check, not a measurement");
  app.add_option("--repeats", options.repeats, "how often to repeat latency and throughput")
      ->check(CLI::Range(1, 100));
  app.add_option("--gpiogw", options.gpiogw, "the gpiogw binary to measure")
      ->check(CLI::ExistingFile);

  EchoOptions echo;
  const auto echo_options = [&](CLI::App* command) {
    command->add_option("--port", echo.port, "broker port on 127.0.0.1")->required();
    command->add_option("--qos", echo.qos, "QoS")->check(CLI::Range(0, 1));
    command->add_option("--from", echo.from, "topic to listen on")->required();
    command->add_option("--to", echo.to, "topic to republish on")->required();
  };
  auto* paho_echo = app.add_subcommand("echo", "the latency floor's Paho echo client");
  auto* raw_echo = app.add_subcommand("echo-raw", "the throughput floor's raw-socket echo client");
  echo_options(paho_echo);
  echo_options(raw_echo);

  // One open-loop step against a gateway someone else started, e.g. under valgrind or strace.
  LoadOptions load;
  std::string prefix;
  int load_ms = 2000;
  auto* load_command = app.add_subcommand("load",
                                          "one throughput step against a running gpiogw "
                                          "whose outputs are out0..out3 (for profiling)");
  load_command->add_option("--port", load.port, "broker port on 127.0.0.1")->required();
  load_command->add_option("--prefix", prefix, "the gateway's topic prefix")->required();
  load_command->add_option("--qos", load.qos, "QoS")->check(CLI::Range(0, 1));
  load_command->add_option("--rate", load.rate, "commands per second")->required();
  load_command->add_option("--ms", load_ms, "how long");
  auto* counting_command =
      app.add_subcommand("counting", "only the pulse counting section (7), quick with --quick");
  CLI11_PARSE(app, argc, argv);

  try {
    if (*paho_echo) return run_paho_echo(echo);
    if (*raw_echo) return run_raw_echo(echo);
    if (*load_command) {
      load.duration = std::chrono::milliseconds(load_ms);
      const auto step = run_load_step(gateway_target(prefix), load);
      print_throughput_header();
      print_throughput(1, load.qos, "gpiogw", {step}, {});
      return step.sustained ? 0 : 1;
    }
    if (options.quick) {
      options.repeats = 1;
      options.samples = 200;
      options.warmup = 20;
      options.step = std::chrono::milliseconds(300);
      options.idle = std::chrono::seconds(1);
    }
    if (*counting_command) return run_counting(options);
    return run_benchmark(options);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "gpiogw_bench: %s\n", error.what());
    return 1;
  }
}
