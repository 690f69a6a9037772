#include "gpiogw/core/outputs.hpp"

#include "gpiogw/config/duration.hpp"
#include "gpiogw/core/log.hpp"
#include "gpiogw/core/names.hpp"
#include "gpiogw/core/payload.hpp"

namespace gpiogw {

Outputs::Outputs(const std::vector<config::Output>& outputs, std::size_t first_line,
                 gpio::Backend& gpio, EventLoop& loop, OnChange on_change)
    : gpio_(gpio), on_change_(std::move(on_change)) {
  outputs_.reserve(outputs.size());
  for (const auto& output : outputs) outputs_.push_back({.config = &output, .line = first_line++});
  // Timers and group links capture element addresses: made once the vector stops growing.
  for (auto& output : outputs_) {
    const config::Output& config = *output.config;
    output.max_on_timer = loop.make_timer([this, &output] {
      set(output, false,
          fmt::format("max_on {} reached", config::format_duration(*output.config->max_on)));
    });
    output.pulse_timer = loop.make_timer([this, &output] { set(output, false, "pulse ended"); });
    output.pending_on_timer =
        loop.make_timer([this, &output] { set(output, true, output.pending_reason); });
    output.disconnect_timer = loop.make_timer([this, &output] {
      const auto reason = fmt::format("on_disconnect: broker unreachable for {}",
                                      config::format_duration(output.config->disconnect_grace));
      output.pulse_timer.cancel();
      turn(output, output.config->on_disconnect == config::OnDisconnect::on, reason);
    });
    for (auto& other : outputs_) {
      if (&other != &output && !config.interlock.empty() &&
          other.config->interlock == config.interlock) {
        output.interlocked_with.push_back(&other);
      }
    }
  }
}

Outputs::Output* Outputs::find(std::string_view name) {
  return find_by_name(std::span(outputs_), name,
                      [](const Output& output) { return output.config->name; });
}

bool Outputs::level(const Output& output) const {
  return gpio_.get(output.line);
}

void Outputs::drive(Output& output, bool active, std::string_view reason) {
  output.pulse_timer.cancel();
  turn(output, active, reason);
}

void Outputs::toggle(Output& output, std::string_view reason) {
  drive(output, !level(output), reason);
}

void Outputs::pulse(Output& output, std::chrono::milliseconds duration, std::string_view reason) {
  const auto until_on =
      turn(output, true, fmt::format("{}, pulse of {}", reason, config::format_duration(duration)));
  output.pulse_timer.arm_after(until_on + duration);
}

void Outputs::broker_lost() {
  for (auto& output : outputs_) {
    if (output.config->on_disconnect != config::OnDisconnect::keep &&
        !output.disconnect_timer.armed()) {
      output.disconnect_timer.arm_after(output.config->disconnect_grace);
    }
  }
}

void Outputs::broker_back() {
  for (auto& output : outputs_) output.disconnect_timer.cancel();
}

void Outputs::shut_down() {
  for (auto& output : outputs_) {
    if (output.config->shutdown == config::OnShutdown::off) drive(output, false, "shutdown");
  }
}

std::chrono::milliseconds Outputs::turn(Output& output, bool active, std::string_view reason) {
  output.pending_on_timer.cancel();
  if (!active || output.interlocked_with.empty()) {
    set(output, active, reason);
    return {};
  }
  bool others_were_on = false;
  for (Output* other : output.interlocked_with) {
    // The newest command wins: another member's pending or pulsed "on" is dropped.
    other->pending_on_timer.cancel();
    other->pulse_timer.cancel();
    if (level(*other)) {
      set(*other, false,
          fmt::format("interlock {}: '{}' goes on", output.config->interlock, output.config->name));
      others_were_on = true;
    }
  }
  const auto wait = output.config->interlock_wait;
  if (!others_were_on || wait <= std::chrono::milliseconds::zero()) {
    set(output, true, reason);
    return {};
  }
  log::info("output '{}' goes on in {} (interlock_wait)", output.config->name,
            config::format_duration(wait));
  output.pending_reason = reason;
  output.pending_on_timer.arm_after(wait);
  return wait;
}

void Outputs::set(Output& output, bool active, std::string_view reason) {
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
  if (!now) output.pulse_timer.cancel();
  on_change_(output, now);
}

}  // namespace gpiogw
