#include "sections.hpp"

#include <thread>

#include "round_trip.hpp"

namespace gpiogw::bench {
namespace {

std::vector<double> rates_for(const BenchOptions& options, int qos) {
  if (options.quick) return {1000, 2000};
  if (qos == 0) return {2000, 5000, 10000, 15000, 20000, 25000, 30000, 40000, 50000, 60000};
  return {2000, 5000, 8000, 10000, 12000, 15000, 20000, 25000, 30000};
}

}  // namespace

LatencyResult measure_latency(const BenchOptions& options, std::uint16_t port,
                              const EchoProcess& echo, const GatewayUnderTest& commands,
                              const GatewayUnderTest& inputs, int qos) {
  RoundTripProbe floor(port, "bench-probe-floor", qos);
  floor.subscribe(echo.to());
  RoundTripProbe command(port, "bench-probe-command", qos);
  const std::string state = commands.output_topic(0);
  command.subscribe(state);
  RoundTripProbe input(port, "bench-probe-input", qos);
  input.subscribe(inputs.input_topic(0));

  std::vector<double> floor_us, command_us, input_us;
  for (int i = 0; i < options.warmup + options.samples; ++i) {
    const bool on = i % 2 == 0;  // the inputs start pulled down, the outputs off
    const double f = floor.round_trip([&] { floor.publish(echo.from(), on ? "ON" : "OFF"); });
    const double c =
        command.round_trip([&] { command.publish(state + "/set", on ? "ON" : "OFF"); });
    const double p = input.round_trip([&] { inputs.set_input(0, on); });
    if (i < options.warmup) continue;
    floor_us.push_back(f);
    command_us.push_back(c);
    input_us.push_back(p);
  }
  return {.qos = qos,
          .floor = summarize(std::move(floor_us)),
          .gateway = summarize(std::move(command_us)),
          .input = summarize(std::move(input_us))};
}

ThroughputPair measure_throughput(const BenchOptions& options, std::uint16_t port, int qos,
                                  const LoadSubject& floor, const LoadSubject& gateway) {
  ThroughputPair pair;
  const auto climbing = [](const std::vector<LoadStep>& steps) {
    return steps.empty() || steps.back().sustained;
  };
  for (const double rate : rates_for(options, qos)) {
    for (auto [subject, steps] : {std::pair{&floor, &pair.floor}, {&gateway, &pair.gateway}}) {
      if (!climbing(*steps)) continue;
      steps->push_back(run_load_step(subject->target, {.port = port,
                                                       .qos = qos,
                                                       .rate = rate,
                                                       .duration = options.step,
                                                       .measured = subject->measured}));
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let queues settle
    }
    if (!climbing(pair.floor) && !climbing(pair.gateway)) break;
  }
  return pair;
}

LoadTarget echo_target(const EchoProcess& echo) {
  return {.command_topics = {echo.from()}, .reply_topics = {echo.to()}};
}

LoadTarget gateway_target(const std::string& prefix) {
  LoadTarget target;
  for (int i = 0; i < GatewayUnderTest::kOutputs; ++i) {
    target.command_topics.push_back(output_topic(prefix, i) + "/set");
    target.reply_topics.push_back(output_topic(prefix, i));
  }
  return target;
}

const LoadStep* best_sustained(const std::vector<LoadStep>& steps) {
  const LoadStep* best = nullptr;
  for (const auto& step : steps) {
    if (step.sustained && (!best || step.asked_rate > best->asked_rate)) best = &step;
  }
  return best;
}

IdleCost measure_idle(const BenchOptions& options, const GatewayUnderTest& gateway) {
  IdleCost cost;
  cost.before = sample_process(gateway.pid());
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(options.idle);
  cost.after = sample_process(gateway.pid());
  cost.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cost.cpu_seconds = cost.after.cpu_seconds - cost.before.cpu_seconds;
  return cost;
}

}  // namespace gpiogw::bench
