#include "gpiogw/gateway/outputs.hpp"

#include <algorithm>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/names.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/duration.hpp"

namespace gpiogw {
namespace {

std::string spell(EventLoop::Duration duration) {
  return config::format_duration(std::chrono::ceil<std::chrono::milliseconds>(duration));
}

}  // namespace

Outputs::Outputs(const std::vector<config::Output>& outputs, std::size_t first_line,
                 gpio::Backend& gpio, EventLoop& loop, OnChange on_change,
                 const CarriedOver& carried)
    : gpio_(gpio), loop_(loop), on_change_(std::move(on_change)) {
  outputs_.reserve(outputs.size());
  for (const auto& output : outputs) outputs_.push_back({.config = &output, .line = first_line++});
  // Timers and group links capture element addresses: made once the vector stops growing.
  for (auto& output : outputs_) {
    const config::Output& config = *output.config;
    output.max_on_timer = loop.make_timer([this, &output] {
      switch_off(output, fmt::format("max_on {} reached", spell(*output.config->max_on)));
    });
    output.pulse_timer = loop.make_timer([this, &output] { switch_off(output, "pulse ended"); });
    output.pending_on_timer =
        loop.make_timer([this, &output] { set(output, true, output.pending_reason); });
    for (auto& other : outputs_) {
      if (&other != &output && !config.interlock.empty() &&
          other.config->interlock == config.interlock) {
        output.interlocked_with.push_back(&other);
      }
    }
  }
  for (auto& output : outputs_) {
    const auto found = carried.find(output.config->name);
    if (found != carried.end() && found->second.config == *output.config) {
      take_over(output, found->second);
    } else {
      start(output);
    }
  }
}

void Outputs::start(Output& output) {
  if (!level(output)) {
    if (!output.interlocked_with.empty()) output.went_off_at = loop_.now();
  } else if (output.config->max_on) {
    // "Never on longer than max_on" includes the time since the start.
    output.max_on_timer.arm_after(*output.config->max_on);
    log::info("output '{}' starts on: max_on {} counts from now", output.config->name,
              spell(*output.config->max_on));
  }
}

void Outputs::take_over(Output& output, const Carried& carried) {
  output.carried = true;
  output.went_off_at = carried.went_off_at;
  if (carried.max_on_at) output.max_on_timer.arm_at(*carried.max_on_at);
  if (carried.pulse_end_at) output.pulse_timer.arm_at(*carried.pulse_end_at);
  if (carried.pending_on_at) {
    output.pending_reason = carried.pending_reason;
    output.pending_on_timer.arm_at(*carried.pending_on_at);
  }
}

Outputs::CarriedOver Outputs::carry_over() const {
  CarriedOver carried;
  for (const auto& output : outputs_) {
    carried.emplace(output.config->name,
                    Carried{.config = *output.config,
                            .level = level(output),
                            .max_on_at = output.max_on_timer.deadline(),
                            .pulse_end_at = output.pulse_timer.deadline(),
                            .pending_on_at = output.pending_on_timer.deadline(),
                            .went_off_at = output.went_off_at,
                            .pending_reason = output.pending_reason});
  }
  return carried;
}

Outputs::Output* Outputs::find(std::string_view name) {
  return find_by_name(std::span(outputs_), name,
                      [](const Output& output) { return output.config->name; });
}

bool Outputs::level(const Output& output) const {
  return gpio_.get(output.line);
}

bool Outputs::restore_level(const Output& output) const {
  return level(output) && !output.pulse_timer.armed();
}

void Outputs::drive(Output& output, bool active, std::string_view reason) {
  output.pulse_timer.cancel();
  if (!active) return switch_off(output, reason);
  switch_on_at(output, make_way_for(output), reason);
}

void Outputs::toggle(Output& output, std::string_view reason) {
  drive(output, !level(output), reason);
}

void Outputs::pulse(Output& output, std::chrono::milliseconds duration, std::string_view reason) {
  const auto on_at = make_way_for(output);
  // Armed before the output goes on, so that the change it reports is already a pulse's.
  output.pulse_timer.arm_at(on_at + duration);
  switch_on_at(output, on_at,
               fmt::format("{}, pulse of {}", reason, config::format_duration(duration)));
}

void Outputs::broker_lost() {
  outage_.lost(loop_.now());
}

void Outputs::broker_back() {
  outage_.back();
  for (auto& output : outputs_) output.disconnect_done = false;
}

std::optional<EventLoop::TimePoint> Outputs::next_disconnect_deadline() const {
  return outage_.next_grace_end(outputs_, [](const Output& output) {
    const bool pending =
        output.config->on_disconnect != config::OnDisconnect::keep && !output.disconnect_done;
    return pending ? std::optional(output.config->disconnect_grace) : std::nullopt;
  });
}

void Outputs::broker_unreachable(std::string_view evidence) {
  for (auto& output : outputs_) {
    const auto& config = *output.config;
    if (config.on_disconnect == config::OnDisconnect::keep || output.disconnect_done ||
        !outage_.grace_over(config.disconnect_grace, loop_.now()))
      continue;
    output.disconnect_done = true;
    drive(output, config.on_disconnect == config::OnDisconnect::on,
          fmt::format("on_disconnect: broker unreachable for {} ({})",
                      config::format_duration(config.disconnect_grace), evidence));
  }
}

void Outputs::shut_down() {
  for (auto& output : outputs_) {
    if (output.config->shutdown == config::OnShutdown::off) drive(output, false, "shutdown");
  }
}

EventLoop::TimePoint Outputs::make_way_for(Output& output) {
  auto earliest = loop_.now();
  for (Output* other : output.interlocked_with) {
    // The newest command wins: another member's pending or pulsed "on" is dropped.
    other->pending_on_timer.cancel();
    other->pulse_timer.cancel();
    if (level(*other)) {
      set(*other, false,
          fmt::format("interlock {}: '{}' goes on", output.config->interlock, output.config->name));
    }
    if (other->went_off_at) {
      earliest = std::max(earliest, *other->went_off_at + output.config->interlock_wait);
    }
  }
  // An output that is on already has no dead time to wait: the others are off.
  return level(output) ? loop_.now() : earliest;
}

void Outputs::switch_on_at(Output& output, EventLoop::TimePoint at, std::string_view reason) {
  output.pending_on_timer.cancel();
  const auto now = loop_.now();
  if (at <= now) return set(output, true, reason);
  log::info("output '{}' goes on in {} (interlock_wait)", output.config->name, spell(at - now));
  output.pending_reason = reason;
  output.pending_on_timer.arm_at(at);
}

void Outputs::switch_off(Output& output, std::string_view reason) {
  output.pending_on_timer.cancel();
  set(output, false, reason);
}

void Outputs::set(Output& output, bool active, std::string_view reason) {
  const bool before = level(output);
  try {
    gpio_.set(output.line, active);
  } catch (const gpio::GpioError& error) {
    log::error("output '{}': {}", output.config->name, error.what());
  }
  // Report what the line says, not what was asked: the two differ only when the set failed.
  const bool now = level(output);
  log::info("output '{}' {} ({})", output.config->name, state_payload(now), reason);
  if (now && output.config->max_on) {
    // The limit counts from the moment it went on; further commands do not extend it.
    if (!output.max_on_timer.armed()) output.max_on_timer.arm_after(*output.config->max_on);
  } else {
    output.max_on_timer.cancel();
  }
  if (!now) {
    output.pulse_timer.cancel();
    if (before && !output.interlocked_with.empty()) output.went_off_at = loop_.now();
  }
  on_change_(output, now, now != before);
}

}  // namespace gpiogw
