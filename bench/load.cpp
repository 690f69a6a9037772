#include "load.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <unordered_map>

#include "proc_stats.hpp"
#include "raw_mqtt.hpp"

namespace gpiogw::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kDrainTimeout = std::chrono::seconds(2);

std::vector<double> cpu_of(const std::vector<pid_t>& pids) {
  std::vector<double> seconds;
  for (const pid_t pid : pids) seconds.push_back(sample_process(pid).cpu_seconds);
  return seconds;
}

}  // namespace

LoadStep run_load_step(const LoadTarget& target, const LoadOptions& options) {
  const std::size_t slots = target.command_topics.size();
  // Whole ON/OFF pairs per topic, so every line ends where it started.
  const auto wanted = static_cast<std::size_t>(
      options.rate * std::chrono::duration<double>(options.duration).count());
  const std::size_t total = std::max<std::size_t>(wanted / (2 * slots), 1) * 2 * slots;
  std::vector<Clock::time_point> sent_at(total);
  std::vector<Clock::time_point> answered_at(total);
  std::vector<std::size_t> answers_per_slot(slots, 0);
  std::atomic<std::size_t> answered{0};

  std::unordered_map<std::string, std::size_t> slot_of_reply;
  for (std::size_t slot = 0; slot < slots; ++slot) slot_of_reply[target.reply_topics[slot]] = slot;

  RawMqttClient receiver(options.port, "bench-load-receiver");
  const auto on_reply = [&](const Incoming& message) {
    if (message.retained) return;
    const auto found = slot_of_reply.find(std::string(message.topic));
    if (found == slot_of_reply.end()) return;
    const std::size_t slot = found->second;
    const std::size_t index = answers_per_slot[slot]++ * slots + slot;
    if (index >= total) return;
    answered_at[index] = Clock::now();
    answered.fetch_add(1, std::memory_order_release);
  };
  for (const auto& [topic, slot] : slot_of_reply) receiver.subscribe(topic, options.qos, on_reply);
  RawMqttClient publisher(options.port, "bench-load-publisher");

  std::thread receiving([&] {
    while (receiver.receive(on_reply)) {
    }
  });
  std::thread acknowledging([&] {  // takes the broker's PUBACKs off the publisher's socket
    while (publisher.receive([](const Incoming&) {})) {
    }
  });

  const auto cpu_before = cpu_of(options.measured);
  const auto period = std::chrono::duration<double>(1.0 / options.rate);
  const auto start = Clock::now();
  std::string batch;
  std::uint16_t packet_id = 0;
  for (std::size_t i = 0; i < total;) {
    const auto due = std::min(total, static_cast<std::size_t>((Clock::now() - start) / period) + 1);
    batch.clear();
    const std::size_t first = i;
    for (; i < due; ++i) {
      if (++packet_id == 0) packet_id = 1;
      RawMqttClient::append_publish(batch, target.command_topics[i % slots],
                                    (i / slots) % 2 == 0 ? "ON" : "OFF", options.qos, packet_id);
    }
    const auto now = Clock::now();
    std::fill(sent_at.begin() + static_cast<std::ptrdiff_t>(first),
              sent_at.begin() + static_cast<std::ptrdiff_t>(i), now);
    publisher.send(batch);
    if (i < total) {
      std::this_thread::sleep_until(
          start + std::chrono::duration_cast<Clock::duration>(period * static_cast<double>(i)));
    }
  }
  const auto sent_end = Clock::now();
  while (answered.load(std::memory_order_acquire) < total &&
         Clock::now() < sent_end + kDrainTimeout) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const auto cpu_after = cpu_of(options.measured);
  receiver.close_read();
  publisher.close_read();
  receiving.join();
  acknowledging.join();

  LoadStep step;
  step.asked_rate = options.rate;
  step.sent = total;
  step.sent_rate =
      static_cast<double>(total) / std::chrono::duration<double>(sent_end - start).count();
  std::vector<double> delays;
  auto last = sent_end;
  for (std::size_t i = 0; i < total; ++i) {
    if (answered_at[i] == Clock::time_point{}) continue;
    delays.push_back(
        std::chrono::duration<double, std::micro>(answered_at[i] - sent_at[i]).count());
    last = std::max(last, answered_at[i]);
  }
  step.answered = delays.size();
  step.delay = summarize(std::move(delays));
  step.seconds = std::chrono::duration<double>(last - start).count();
  for (std::size_t p = 0; p < cpu_before.size(); ++p) {
    step.cpu_seconds.push_back(cpu_after[p] - cpu_before[p]);
  }
  const auto bound_us = std::chrono::duration<double, std::micro>(options.delay_bound).count();
  step.sustained = step.answered == step.sent && step.sent_rate >= 0.95 * step.asked_rate &&
                   step.delay.p99 <= bound_us;
  return step;
}

}  // namespace gpiogw::bench
