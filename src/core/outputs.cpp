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
  for (const auto& output : outputs) {
    outputs_.push_back({&output, first_line++, {}, {}});
  }
  // Timers capture element addresses, so they are made once the vector stops growing.
  for (auto& output : outputs_) {
    output.max_on_timer = loop.make_timer([this, &output] {
      set(output, false,
          fmt::format("max_on {} reached", config::format_duration(*output.config->max_on)));
    });
    output.pulse_timer = loop.make_timer([this, &output] { set(output, false, "pulse ended"); });
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
  set(output, active, reason);
}

void Outputs::toggle(Output& output, std::string_view reason) {
  drive(output, !level(output), reason);
}

void Outputs::pulse(Output& output, std::chrono::milliseconds duration, std::string_view reason) {
  set(output, true, fmt::format("{}, pulse of {}", reason, config::format_duration(duration)));
  if (level(output)) output.pulse_timer.arm_after(duration);
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
