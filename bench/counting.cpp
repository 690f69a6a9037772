#include "counting.hpp"

#include <charconv>
#include <string>
#include <thread>

#include "proc_stats.hpp"
#include "raw_mqtt.hpp"

namespace gpiogw::bench {
namespace {

constexpr std::chrono::milliseconds kTick{10};
constexpr std::chrono::seconds kPublishWait{3};  // after a step, for the last total

std::uint64_t number(std::string_view text) {
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// The counter's published total and lost count, as they arrive.
class CounterWatch {
 public:
  CounterWatch(std::uint16_t port, const std::string& topic) : client_(port, "bench-counter") {
    client_.set_receive_timeout(std::chrono::milliseconds(200));
    client_.subscribe(topic, 0, [this](const Incoming& in) { take(in); });
    client_.subscribe(topic + "/lost", 0, [this](const Incoming& in) { take(in); });
    topic_ = topic;
  }
  // Reads what came until the total is `expected` or kPublishWait passed.
  void wait_for(std::uint64_t expected) {
    const auto deadline = std::chrono::steady_clock::now() + kPublishWait;
    while (total_ != expected && std::chrono::steady_clock::now() < deadline) {
      client_.receive([this](const Incoming& in) { take(in); });
    }
  }
  std::uint64_t total() const { return total_; }
  std::uint64_t lost() const { return lost_; }

 private:
  void take(const Incoming& in) { (in.topic == topic_ ? total_ : lost_) = number(in.payload); }

  RawMqttClient client_;
  std::string topic_;
  std::uint64_t total_ = 0;
  std::uint64_t lost_ = 0;
};

}  // namespace

std::vector<CountingStep> measure_counting(const GatewayUnderTest& gateway, std::uint16_t port,
                                           std::chrono::milliseconds duration,
                                           const std::vector<std::uint64_t>& rates) {
  CounterWatch watch(port, gateway.counter_topic());
  std::vector<CountingStep> steps;
  for (const auto rate : rates) {
    CountingStep step{.rate = rate};
    const std::uint64_t total_before = watch.total();
    const std::uint64_t lost_before = watch.lost();
    const double cpu_before = sample_process(gateway.pid()).cpu_seconds;
    const auto ticks = duration / kTick;
    const std::uint64_t per_tick = rate * kTick.count() / 1000;
    auto next = std::chrono::steady_clock::now();
    for (long tick = 0; tick < ticks; ++tick) {
      gateway.pulse_counter(per_tick);
      step.driven += per_tick;
      next += kTick;
      std::this_thread::sleep_until(next);
    }
    watch.wait_for(total_before + step.driven);
    step.cpu_seconds = sample_process(gateway.pid()).cpu_seconds - cpu_before;
    step.counted = watch.total() - total_before;
    step.lost = watch.lost() - lost_before;
    steps.push_back(step);
    if (!step.exact()) break;
  }
  return steps;
}

}  // namespace gpiogw::bench
