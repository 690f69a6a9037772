#pragma once
// The configured PWM channels, driven by a percent, and their rules, on the loop's clock:
// - fade: every change is a ramp of `fade`, written in steps of kFadeStep (the last one may be
//   shorter), exactly on the loop's timers; a new command starts from where the ramp stands.
// - max_on: a channel set above 0 goes to 0 after max_on, counted from the moment it left 0
//   (the start included); further commands do not extend it.
// - on_disconnect: the value it goes to once the broker has been unreachable for the whole
//   disconnect_grace (as for outputs: MqttSession makes an attempt at the deadline).
// - shutdown = "off": 0 on a clean stop.
// The safety rules act at once, without a fade. Every change is reported to one callback with
// the value set (a fade's target), so the state topic follows the commands. Knows nothing of MQTT.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/base/outage.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/pwm/device.hpp"

namespace gpiogw::pwm {

inline constexpr std::chrono::milliseconds kFadeStep{20};

class PwmOutputs {
 public:
  struct Fade {
    double from = 0;
    EventLoop::TimePoint start{};
    int step = 0;
    int steps = 0;
  };
  struct Pwm {
    const config::Pwm* config;
    std::unique_ptr<Device> device{};
    double percent = 0;    // the value set; a running fade's target
    double last_on = 100;  // what ON brings back
    double current = 0;    // where the channel stands now, a fade step included
    Fade fade{};
    EventLoop::Timer fade_timer{};
    EventLoop::Timer max_on_timer{};
    bool disconnect_done = false;
  };
  using OnChange = std::function<void(const Pwm& pwm)>;
  using OpenChannel = std::function<std::unique_ptr<Channel>(const config::Pwm&)>;

  // What a reload hands over, per name: an entry that did not change keeps its value and max_on.
  struct Carried {
    config::Pwm config;
    double percent;
    double last_on;
    std::optional<EventLoop::TimePoint> max_on_at;
  };
  using CarriedOver = std::map<std::string, Carried>;

  // Opens and starts every channel: at the carried value, else `initial`, else (restore) the
  // value in `restored` or 0. Throws PwmError.
  PwmOutputs(const std::vector<config::Pwm>& pwms, const OpenChannel& open, EventLoop& loop,
             OnChange on_change, const std::map<std::string, double>& restored = {},
             const CarriedOver& carried = {});
  PwmOutputs(const PwmOutputs&) = delete;
  PwmOutputs& operator=(const PwmOutputs&) = delete;

  std::span<Pwm> all() { return pwms_; }
  std::span<const Pwm> all() const { return pwms_; }
  // By exact name, else ignoring case; nullptr when there is none.
  Pwm* find(std::string_view name);

  // 0..100 (clamped), through the fade. `reason` goes to the log.
  void set(Pwm& pwm, double percent, std::string_view reason);
  // ON: the last value above 0, or 100; OFF: 0; TOGGLE: one or the other.
  void switch_to(Pwm& pwm, SwitchCommand command, std::string_view reason);

  // The on_disconnect rule; see Outputs for the same calls.
  void broker_lost();
  void broker_back();
  std::optional<EventLoop::TimePoint> next_disconnect_deadline() const;
  void broker_unreachable(std::string_view evidence);
  void shut_down();

  CarriedOver carry_over() const;

 private:
  void start(Pwm& pwm, const OpenChannel& open, double percent,
             std::optional<EventLoop::TimePoint> max_on_at);
  void apply(Pwm& pwm, double percent, std::string_view reason, bool fade);
  void write(Pwm& pwm, double percent);
  void fade_step(Pwm& pwm);

  EventLoop& loop_;
  OnChange on_change_;
  std::vector<Pwm> pwms_;
  Outage outage_;
};

}  // namespace gpiogw::pwm
