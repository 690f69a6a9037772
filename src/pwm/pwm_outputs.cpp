#include "gpiogw/pwm/pwm_outputs.hpp"

#include <algorithm>
#include <cmath>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/names.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/pwm/duty.hpp"

namespace gpiogw::pwm {

PwmOutputs::PwmOutputs(const std::vector<config::Pwm>& pwms, const OpenChannel& open,
                       EventLoop& loop, OnChange on_change,
                       const std::map<std::string, double>& restored, const CarriedOver& carried)
    : loop_(loop), on_change_(std::move(on_change)) {
  pwms_.reserve(pwms.size());
  for (const auto& pwm : pwms) pwms_.push_back({.config = &pwm});
  // Timers capture element addresses: made once the vector stops growing.
  for (auto& pwm : pwms_) {
    const config::Pwm& config = *pwm.config;
    pwm.fade_timer = loop.make_timer([this, &pwm] { fade_step(pwm); });
    pwm.max_on_timer = loop.make_timer([this, &pwm] {
      apply(pwm, 0, fmt::format("max_on {} reached", config::format_duration(*pwm.config->max_on)),
            false);
    });
    const auto found = carried.find(config.name);
    if (found != carried.end() && found->second.config == config) {
      pwm.last_on = found->second.last_on;
      start(pwm, open, found->second.percent, found->second.max_on_at);
    } else if (config.initial) {
      start(pwm, open, *config.initial, std::nullopt);
    } else {
      const auto value = restored.find(config.name);
      start(pwm, open, value == restored.end() ? 0.0 : value->second, std::nullopt);
    }
  }
}

void PwmOutputs::start(Pwm& pwm, const OpenChannel& open, double percent,
                       std::optional<EventLoop::TimePoint> max_on_at) {
  const config::Pwm& config = *pwm.config;
  pwm.device = std::make_unique<Device>(open(config), Waveform{.period_ns = config.period_ns,
                                                               .duty_ns = duty_ns(config, percent),
                                                               .inverted = config.invert});
  pwm.percent = pwm.current = percent;
  if (percent > 0) pwm.last_on = percent;
  if (max_on_at) {
    pwm.max_on_timer.arm_at(*max_on_at);
  } else if (percent > 0 && config.max_on) {
    // "Never above 0 longer than max_on" includes the time since the start.
    pwm.max_on_timer.arm_after(*config.max_on);
  }
}

PwmOutputs::Pwm* PwmOutputs::find(std::string_view name) {
  return find_by_name(std::span(pwms_), name, [](const Pwm& pwm) { return pwm.config->name; });
}

void PwmOutputs::set(Pwm& pwm, double percent, std::string_view reason) {
  apply(pwm, std::clamp(percent, 0.0, 100.0), reason, true);
}

void PwmOutputs::switch_to(Pwm& pwm, SwitchCommand command, std::string_view reason) {
  const bool on =
      command == SwitchCommand::toggle ? pwm.percent == 0 : command == SwitchCommand::on;
  set(pwm, on ? pwm.last_on : 0, reason);
}

void PwmOutputs::apply(Pwm& pwm, double percent, std::string_view reason, bool fade) {
  const config::Pwm& config = *pwm.config;
  pwm.fade_timer.cancel();
  if (fade && config.fade > config::Duration::zero() && percent != pwm.current) {
    const auto steps = std::max<long>(
        1, static_cast<long>((config.fade + kFadeStep - config::Duration(1)) / kFadeStep));
    pwm.fade = {
        .from = pwm.current, .start = loop_.now(), .step = 0, .steps = static_cast<int>(steps)};
    pwm.fade_timer.arm_at(pwm.fade.start + config.fade / steps);
    pwm.percent = percent;
  } else {
    // Report what the channel holds, not what was asked: they differ only when the write failed
    // (and then max_on stays armed for a channel that is still above 0).
    write(pwm, percent);
    pwm.percent = pwm.current;
  }
  percent = pwm.percent;
  if (percent > 0) pwm.last_on = percent;
  log::info(
      "pwm '{}' {}%{} ({})", config.name, percent_payload(percent),
      pwm.fade_timer.armed() ? fmt::format(" in {}", config::format_duration(config.fade)) : "",
      reason);
  if (percent > 0 && config.max_on) {
    // The limit counts from the moment it left 0; further commands do not extend it.
    if (!pwm.max_on_timer.armed()) pwm.max_on_timer.arm_after(*config.max_on);
  } else {
    pwm.max_on_timer.cancel();
  }
  on_change_(pwm);
}

void PwmOutputs::fade_step(Pwm& pwm) {
  Fade& fade = pwm.fade;
  ++fade.step;
  const double share = static_cast<double>(fade.step) / fade.steps;
  write(pwm, fade.step == fade.steps ? pwm.percent : fade.from + (pwm.percent - fade.from) * share);
  if (fade.step < fade.steps) {
    pwm.fade_timer.arm_at(fade.start + pwm.config->fade * (fade.step + 1) / fade.steps);
  }
}

void PwmOutputs::write(Pwm& pwm, double percent) {
  try {
    pwm.device->set_duty(duty_ns(*pwm.config, percent));
    pwm.current = percent;
  } catch (const PwmError& error) {
    log::error("pwm '{}': {}", pwm.config->name, error.what());
  }
}

void PwmOutputs::broker_lost() {
  outage_.lost(loop_.now());
}

void PwmOutputs::broker_back() {
  outage_.back();
  for (auto& pwm : pwms_) pwm.disconnect_done = false;
}

std::optional<EventLoop::TimePoint> PwmOutputs::next_disconnect_deadline() const {
  return outage_.next_grace_end(pwms_, [](const Pwm& pwm) {
    const bool pending = pwm.config->on_disconnect && !pwm.disconnect_done;
    return pending ? std::optional(pwm.config->disconnect_grace) : std::nullopt;
  });
}

void PwmOutputs::broker_unreachable(std::string_view evidence) {
  for (auto& pwm : pwms_) {
    const auto& config = *pwm.config;
    if (!config.on_disconnect || pwm.disconnect_done ||
        !outage_.grace_over(config.disconnect_grace, loop_.now()))
      continue;
    pwm.disconnect_done = true;
    apply(pwm, *config.on_disconnect,
          fmt::format("on_disconnect: broker unreachable for {} ({})",
                      config::format_duration(config.disconnect_grace), evidence),
          false);
  }
}

void PwmOutputs::shut_down() {
  for (auto& pwm : pwms_) {
    if (pwm.config->shutdown == config::OnShutdown::off) apply(pwm, 0, "shutdown", false);
  }
}

PwmOutputs::CarriedOver PwmOutputs::carry_over() const {
  CarriedOver carried;
  for (const auto& pwm : pwms_) {
    carried.emplace(pwm.config->name, Carried{.config = *pwm.config,
                                              .percent = pwm.percent,
                                              .last_on = pwm.last_on,
                                              .max_on_at = pwm.max_on_timer.deadline()});
  }
  return carried;
}

}  // namespace gpiogw::pwm
