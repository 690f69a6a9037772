#pragma once
// The configured pulse counters on the loop: their lines' edges (with the settle timers of a
// software debounce), publishing every `interval`, the totals kept in the state file, lost pulses
// reported, and the reconciliation with the broker's retained totals after a connect. The counting
// itself is counter::PulseCounter; the MQTT side is only a publish callback.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/chat/room.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/counter/pulse_counter.hpp"
#include "gpiogw/gpio/backend.hpp"

namespace gpiogw {

class Counters {
 public:
  // How long after a connect the totals wait for the broker's retained ones before they are
  // published (the broker sends a retained message right after granting the subscription).
  static constexpr std::chrono::seconds kRetainedWait{1};

  struct Counter {
    std::size_t line;  // index in the backend request
    counter::PulseCounter logic;
    EventLoop::Timer settle_timer;
    EventLoop::Timer publish_timer;
    EventLoop::TimePoint publish_due{};  // on the grid of the start + n * interval
    bool heard_retained = false;         // since the last connect
    // A set the broker has not heard yet: its older retained total must not undo it.
    bool set_unpublished = false;
  };
  // Publishes a retained message now; false when the broker is away (the totals go out again on
  // the next connect).
  using Publish = std::function<bool(const std::string& topic, const std::string& payload)>;
  // Keeps a total in the state file.
  using Persist = std::function<void(const std::string& name, std::uint64_t total)>;

  // The lines must already be requested, the i-th counter at backend index first_line + i.
  // `stored`: the totals from the state file.
  Counters(const std::vector<config::Counter>& counters, std::size_t first_line,
           gpio::Backend& gpio, EventLoop& loop, const Topics& topics,
           const std::map<std::string, std::uint64_t>& stored, Publish publish, Persist persist);
  Counters(const Counters&) = delete;
  Counters& operator=(const Counters&) = delete;

  std::span<Counter> all() { return counters_; }
  std::span<const Counter> all() const { return counters_; }
  // By exact name, else ignoring case; nullptr when there is none.
  Counter* find(std::string_view name);
  const Counter* find(std::string_view name) const;

  // Edge events from the backend; those of other lines are ignored.
  void on_edges(std::span<const gpio::EdgeEvent> events);
  // Connected: wait for the retained totals (at most kRetainedWait), then publish.
  void on_connected();
  // A retained message on a counter's own topic: the higher total wins.
  void on_retained(Counter& counter, std::string_view payload);
  // A new total in units (the `/set` topic, `set <counter> <total>`), up or down; logged with
  // `who`.
  chat::Outcome set(Counter& counter, std::string_view total, std::string_view who);
  // "water 1234.567 m³, 12.5 L/min", for `read` and `list`.
  std::string describe(const Counter& counter) const;
  // Every total, rate and loss count now; nothing while the totals wait for the retained ones.
  void publish_all();
  // Every total into the state file (before it is flushed at a stop).
  void save();

 private:
  // False when the total was not published (the broker is away, or its total is awaited).
  bool publish(Counter& counter);
  void note_gap(Counter& counter);

  gpio::Backend& gpio_;
  EventLoop& loop_;
  const Topics& topics_;
  Publish publish_;
  Persist persist_;
  std::size_t first_line_;
  std::vector<Counter> counters_;
  EventLoop::Timer retained_wait_;
};

// A total in units as published: "1234.567".
std::string total_payload(const counter::PulseCounter& counter);

}  // namespace gpiogw
