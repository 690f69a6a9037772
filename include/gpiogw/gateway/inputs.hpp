#pragma once
// The configured input lines: their edges, debounced into settled levels. Every settled change is
// reported to one callback. Knows nothing of MQTT.

#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/gpio/debouncer.hpp"

namespace gpiogw {

class Inputs {
 public:
  struct Input {
    const config::Input* config;
    std::size_t line;  // index in the backend request
    gpio::Debouncer debouncer;
    EventLoop::Timer settle_timer;
  };
  using OnChange = std::function<void(const Input& input, bool level)>;

  // The lines must already be requested, the i-th input at backend index first_line + i.
  Inputs(const std::vector<config::Input>& inputs, std::size_t first_line, gpio::Backend& gpio,
         EventLoop& loop, OnChange on_change);
  Inputs(const Inputs&) = delete;
  Inputs& operator=(const Inputs&) = delete;

  std::span<const Input> all() const { return inputs_; }
  // By exact name, else ignoring case; nullptr when there is none.
  const Input* find(std::string_view name) const;
  // The settled level, as last reported.
  static bool level(const Input& input) { return input.debouncer.published_level(); }

  // Edge events from the backend; those of other lines are ignored.
  void on_edges(std::span<const gpio::EdgeEvent> events);

 private:
  void settle(Input& input);

  gpio::Backend& gpio_;
  EventLoop& loop_;
  OnChange on_change_;
  std::size_t first_line_;
  std::vector<Input> inputs_;
};

}  // namespace gpiogw
