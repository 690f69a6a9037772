#pragma once
// The configured output lines: driving them, their safety timers (max_on) and pulses. Every change
// is reported to one callback, whatever caused it (MQTT, chat, a timer), so that the state topic
// always follows the line. Knows nothing of MQTT.

#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "gpiogw/config/config.hpp"
#include "gpiogw/core/event_loop.hpp"
#include "gpiogw/gpio/backend.hpp"

namespace gpiogw {

class Outputs {
 public:
  struct Output {
    const config::Output* config;
    std::size_t line;  // index in the backend request
    EventLoop::Timer max_on_timer;
    EventLoop::Timer pulse_timer;
  };
  using OnChange = std::function<void(const Output& output, bool level)>;

  // The lines must already be requested, the i-th output at backend index first_line + i.
  Outputs(const std::vector<config::Output>& outputs, std::size_t first_line, gpio::Backend& gpio,
          EventLoop& loop, OnChange on_change);
  Outputs(const Outputs&) = delete;
  Outputs& operator=(const Outputs&) = delete;

  std::span<Output> all() { return outputs_; }
  std::span<const Output> all() const { return outputs_; }
  // By exact name, else ignoring case; nullptr when there is none.
  Output* find(std::string_view name);

  bool level(const Output& output) const;
  // Sets the line (and reports it, even when it already had that level: a command is answered).
  // `reason` goes to the log.
  void drive(Output& output, bool active, std::string_view reason);
  void toggle(Output& output, std::string_view reason);
  // On now, off after `duration`. A pulse while one runs restarts it: the output stays on until
  // `duration` after the last pulse. Any other command to the output ends the pulse.
  void pulse(Output& output, std::chrono::milliseconds duration, std::string_view reason);

 private:
  void set(Output& output, bool active, std::string_view reason);

  gpio::Backend& gpio_;
  OnChange on_change_;
  std::vector<Output> outputs_;
};

}  // namespace gpiogw
