#pragma once
// The configured output lines: driving them and every safety rule that moves them on its own
// (max_on, pulses, interlocks, on_disconnect, shutdown). Every change is reported to one callback,
// whatever caused it, so that the state topic always follows the line. Knows nothing of MQTT.

#include <functional>
#include <span>
#include <string>
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
    std::size_t line;                         // index in the backend request
    std::vector<Output*> interlocked_with{};  // the other members of its interlock group
    EventLoop::Timer max_on_timer{};
    EventLoop::Timer pulse_timer{};
    EventLoop::Timer pending_on_timer{};  // interlock_wait: goes on when it fires
    std::string pending_reason{};
    EventLoop::Timer disconnect_timer{};  // on_disconnect after disconnect_grace
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
  // Turning on an output of an interlock group turns the others off first and, if one was on,
  // waits interlock_wait before turning this one on. `reason` goes to the log.
  void drive(Output& output, bool active, std::string_view reason);
  void toggle(Output& output, std::string_view reason);
  // On now (or after interlock_wait), off `duration` later. A pulse while one runs restarts it:
  // the output stays on until `duration` after the last pulse. Any other command ends the pulse.
  void pulse(Output& output, std::chrono::milliseconds duration, std::string_view reason);

  // The broker went away (or was never there): outputs with on_disconnect = "off"/"on" switch
  // after their disconnect_grace, unless broker_back() comes first.
  void broker_lost();
  void broker_back();
  // A clean stop: outputs with shutdown = "off" go off.
  void shut_down();

 private:
  // Returns how long until the output is at `active` (interlock_wait, or zero).
  std::chrono::milliseconds turn(Output& output, bool active, std::string_view reason);
  void set(Output& output, bool active, std::string_view reason);

  gpio::Backend& gpio_;
  OnChange on_change_;
  std::vector<Output> outputs_;
};

}  // namespace gpiogw
