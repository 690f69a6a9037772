#pragma once
// The configured output lines: driving them and every safety rule that moves them on its own
// (max_on, pulses, interlocks, on_disconnect, shutdown). Every change is reported to one callback,
// whatever caused it, so that the state topic always follows the line. Knows nothing of MQTT.
//
// The rules hold at their edges, on the loop's clock:
// - max_on: an output is never on longer than max_on, counted from the moment it went on, the
//   start included (initial = "on", or "restore" that brings it back on).
// - interlock: a member goes on only after the other members are off and interlock_wait has
//   passed since the last of them went off, whatever commands arrive meanwhile. A member that
//   starts off counts as gone off at the start, since nobody knows when it was last on.
// - on_disconnect: acts only when a connect attempt fails after the broker has been unreachable
//   for the whole disconnect_grace (MqttSession makes sure one is made at the deadline).
// - A pulse is not restored: restore_level() of a pulsing output is OFF.

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/base/outage.hpp"
#include "gpiogw/config/config.hpp"
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
    std::optional<EventLoop::TimePoint> went_off_at{};  // interlocked outputs only
    bool disconnect_done = false;                       // on_disconnect acted in this outage
    bool carried = false;  // its timers came from the Outputs before a reload
  };
  // After every set, also one that changed nothing (its state is published again as the answer);
  // `changed` tells them apart.
  using OnChange = std::function<void(const Output& output, bool level, bool changed)>;

  // What a reload hands from the old Outputs to the new one: per output, its entry and where its
  // timers stood, so that an output whose entry did not change goes on exactly as before.
  struct Carried {
    config::Output config;
    bool level;
    std::optional<EventLoop::TimePoint> max_on_at, pulse_end_at, pending_on_at, went_off_at;
    std::string pending_reason;
  };
  using CarriedOver = std::map<std::string, Carried>;

  // The lines must already be requested, the i-th output at backend index first_line + i.
  // An output found in `carried` with an equal entry takes over its timers; any other that is on
  // already gets its max_on from now.
  Outputs(const std::vector<config::Output>& outputs, std::size_t first_line, gpio::Backend& gpio,
          EventLoop& loop, OnChange on_change, const CarriedOver& carried = {});
  Outputs(const Outputs&) = delete;
  Outputs& operator=(const Outputs&) = delete;

  std::span<Output> all() { return outputs_; }
  std::span<const Output> all() const { return outputs_; }
  // By exact name, else ignoring case; nullptr when there is none.
  Output* find(std::string_view name);

  bool level(const Output& output) const;
  // What initial = "restore" brings back after a restart: the level, but OFF while a pulse runs
  // (a pulse is a one-off, not a state).
  bool restore_level(const Output& output) const;

  // Sets the line (and reports it, even when it already had that level: a command is answered).
  // Turning on an output of an interlock group turns the others off first and waits out the dead
  // time if needed. `reason` goes to the log.
  void drive(Output& output, bool active, std::string_view reason);
  void toggle(Output& output, std::string_view reason);
  // On now (or after the dead time), off `duration` after it went on. A pulse while one runs
  // restarts it. Any other command ends the pulse.
  void pulse(Output& output, std::chrono::milliseconds duration, std::string_view reason);

  // The broker went away (or was never there): the on_disconnect grace runs from now, unless it
  // runs already.
  void broker_lost();
  void broker_back();
  // The earliest end of a grace whose output has not acted yet: the gateway makes a connect
  // attempt then.
  std::optional<EventLoop::TimePoint> next_disconnect_deadline() const;
  // A connect attempt failed (or the connection was lost) now: every output whose grace has run
  // out acts. `evidence` says which attempt decided it, for the log.
  void broker_unreachable(std::string_view evidence);

  // A clean stop: outputs with shutdown = "off" go off.
  void shut_down();
  // For a reload: the state of every output's timers.
  CarriedOver carry_over() const;
  // Whether `output` took its timers over from a reload.
  static bool took_over(const Output& output) { return output.carried; }

 private:
  // Turns the other members of the group off; returns when `output` may go on.
  EventLoop::TimePoint make_way_for(Output& output);
  // On at `at` (now, or later through pending_on_timer).
  void switch_on_at(Output& output, EventLoop::TimePoint at, std::string_view reason);
  void switch_off(Output& output, std::string_view reason);
  void set(Output& output, bool active, std::string_view reason);
  void start(Output& output);
  void take_over(Output& output, const Carried& carried);

  gpio::Backend& gpio_;
  EventLoop& loop_;
  OnChange on_change_;
  std::vector<Output> outputs_;
  Outage outage_;
};

}  // namespace gpiogw
