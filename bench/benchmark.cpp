#include "benchmark.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <memory>
#include <thread>

#include "counting.hpp"
#include "machine.hpp"
#include "report.hpp"

namespace gpiogw::bench {
namespace {

constexpr std::array kQos{0, 1};

void note(const std::string& text) {
  std::puts(text.c_str());
  std::fflush(stdout);
}

// What is measured at one QoS, each in its own process.
struct Subjects {
  Subjects(const BenchOptions& options, std::uint16_t port, int qos)
      : echo(options, port, "echo", qos),
        raw_echo(options, port, "echo-raw", qos),
        // Commands run on the in-memory mock (a real line costs one ioctl); inputs need the
        // gpio-sim-like files.
        commands(setup(options, port, fmt::format("bench-q{}", qos), qos, false)),
        inputs(setup(options, port, fmt::format("bench-in{}", qos), qos, true)) {}

  static GatewaySetup setup(const BenchOptions& options, std::uint16_t port,
                            const std::string& name, int qos, bool sim_dir) {
    return {.binary = options.gpiogw, .port = port, .name = name, .qos = qos, .sim_dir = sim_dir};
  }

  EchoProcess echo;      // the latency floor
  EchoProcess raw_echo;  // the throughput floor
  GatewayUnderTest commands;
  GatewayUnderTest inputs;
};

using AllSubjects = std::array<std::unique_ptr<Subjects>, kQos.size()>;

void latency_section(const BenchOptions& options, std::uint16_t port, const AllSubjects& subjects,
                     RunResults& results) {
  print_title(
      fmt::format("1-3. latency: {} samples after {} warm-up, one in flight; floor = "
                  "probe -> broker -> Paho echo client -> broker -> probe",
                  options.samples, options.warmup));
  print_latency_header();
  const MachineLoad load;
  for (int repeat = 1; repeat <= options.repeats; ++repeat) {
    for (const int qos : kQos) {
      const Subjects& s = *subjects[qos];
      results.latency.push_back(measure_latency(options, port, s.echo, s.commands, s.inputs, qos));
      print_latency(repeat, results.latency.back());
    }
  }
  note(fmt::format(
      "(pull file -> state: the probe writes sim_gpioN/pull, gpiogw learns it through inotify, "
      "debounce \"0ms\", publishes; one way, compared with the round-trip floor. Machine busy "
      "{:.0f} % during this section.)",
      100 * load.busy()));
}

void throughput_section(const BenchOptions& options, const test::Broker& broker,
                        const AllSubjects& subjects, RunResults& results) {
  print_title(
      fmt::format("4. throughput: open loop, raw-socket publisher, {} ms per rate, "
                  "sustained = nothing lost and p99 delay <= {} ms",
                  options.step.count(), LoadOptions{}.delay_bound.count()));
  print_throughput_header();
  const MachineLoad load;
  for (int repeat = 1; repeat <= options.repeats; ++repeat) {
    for (const int qos : kQos) {
      const Subjects& s = *subjects[qos];
      ThroughputRun run{.repeat = repeat,
                        .qos = qos,
                        .steps = measure_throughput(
                            options, broker.port(), qos,
                            {.target = echo_target(s.raw_echo), .measured = {broker.pid()}},
                            {.target = gateway_target(s.commands.prefix()),
                             .measured = {s.commands.pid(), broker.pid()}})};
      print_throughput(repeat, qos, "floor", run.steps.floor, {"broker"});
      print_throughput(repeat, qos, "gpiogw", run.steps.gateway, {"gpiogw", "broker"});
      results.throughput.push_back(std::move(run));
    }
  }
  note(fmt::format(
      "(floor: the raw-socket echo, so the broker is the limit; each command is two broker "
      "messages. Machine busy {:.0f} % during this section.)",
      100 * load.busy()));
}

void memory_section(const test::Broker& broker, const AllSubjects& subjects,
                    const ProcessSample& idle, RunResults& results) {
  print_title("5. memory, threads, start-up (spawn -> \"online\" received)");
  print_process_header();
  print_process(subjects[1]->commands.prefix() + " idle after start", idle, 0);
  for (const auto& s : subjects) {
    for (const auto* gateway : {&s->commands, &s->inputs}) {
      const auto sample = sample_process(gateway->pid());
      print_process(gateway->prefix() + (gateway == &s->inputs ? " (sim_dir)" : " after the load"),
                    sample, gateway->startup().count());
      results.peak_rss_kb = std::max(results.peak_rss_kb, sample.hwm_kb);
    }
  }
  print_process("mosquitto, for comparison", sample_process(broker.pid()), 0);
}

void idle_section(const BenchOptions& options, const GatewayUnderTest& gateway,
                  RunResults& results) {
  print_title(
      fmt::format("6. idle cost of {} ({} outputs, {} inputs, {} randint sensors every 30 s; "
                  "keepalive 30 s)",
                  gateway.prefix(), GatewayUnderTest::kOutputs, GatewayUnderTest::kInputs,
                  GatewayUnderTest::kSensors));
  results.idle = measure_idle(options, gateway);
  print_idle(results.idle);
}

void counting_section(const BenchOptions& options, std::uint16_t port) {
  const GatewayUnderTest gateway({.binary = options.gpiogw,
                                  .port = port,
                                  .name = "bench-count",
                                  .qos = 1,
                                  .sim_dir = true,
                                  .counter = true});
  const auto duration = options.quick ? std::chrono::milliseconds(500) : std::chrono::seconds(10);
  const std::vector<std::uint64_t> rates =
      options.quick ? std::vector<std::uint64_t>{1000, 10000}
                    : std::vector<std::uint64_t>{1000, 10000, 100000, 1000000};
  print_title(
      fmt::format("7. pulse counting on the mock: {} ms per rate, bursts every 10 ms through "
                  "sim_gpio{}/pulses, "
                  "exact = the published total grew by every pulse, none lost",
                  duration.count(), GatewayUnderTest::kCounterLine));
  note(fmt::format("{:>10}  {:>10}  {:>10}  {:>6}  {:>12}  {:>10}", "pulses/s", "driven", "counted",
                   "exact", "CPU us/pulse", "gpiogw CPU"));
  const MachineLoad load;
  std::uint64_t best = 0;
  for (const auto& step : measure_counting(gateway, port, duration, rates)) {
    note(fmt::format("{:>10}  {:>10}  {:>10}  {:>6}  {:>12.3f}  {:>9.1f}%", step.rate, step.driven,
                     step.counted, step.exact() ? "yes" : "NO",
                     step.driven ? 1e6 * step.cpu_seconds / static_cast<double>(step.driven) : 0.0,
                     100 * step.cpu_seconds / std::chrono::duration<double>(duration).count()));
    if (step.exact()) best = step.rate;
  }
  note(fmt::format(
      "(highest rate counted exactly: {} pulses/s. The mock makes each burst at once, so this "
      "measures the loop: edge events read, counted, published every 100 ms. gpio-sim in the VM "
      "is the real kernel path (tests/vm). Machine busy {:.0f} % during this section.)",
      best, 100 * load.busy()));
}

}  // namespace

int run_counting(const BenchOptions& options) {
  test::Broker broker;
  counting_section(options, broker.port());
  return 0;
}

int run_benchmark(const BenchOptions& options) {
  const MachineLoad whole_run;
  test::Broker broker;
  note(fmt::format(
      "gpiogw benchmark ({}): mosquitto on 127.0.0.1:{} with set_tcp_nodelay true; {} x {} "
      "cores; load average {}",
      options.quick ? "quick" : "full", broker.port(), cpu_model(),
      std::thread::hardware_concurrency(), load_average()));

  AllSubjects subjects;
  for (const int qos : kQos)
    subjects[qos] = std::make_unique<Subjects>(options, broker.port(), qos);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let start-up settle
  const auto idle_memory = sample_process(subjects[1]->commands.pid());

  RunResults results;
  latency_section(options, broker.port(), subjects, results);
  throughput_section(options, broker, subjects, results);
  memory_section(broker, subjects, idle_memory, results);
  idle_section(options, subjects[1]->inputs, results);
  counting_section(options, broker.port());

  print_title("goals (docs/benchmarks.md)");
  if (options.quick)
    note("(--quick: a smoke check with low rates and few samples, not a measurement)");
  const bool met = print_goals(results);
  note(fmt::format(
      "\nmachine busy {:.0f} % over the whole run (all cores, including the benchmark); load "
      "average now {}",
      100 * whole_run.busy(), load_average()));
  note(met ? "all goals met" : "some goals not met (see above)");
  return 0;
}

}  // namespace gpiogw::bench
