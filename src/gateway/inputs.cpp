#include "gpiogw/gateway/inputs.hpp"

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/names.hpp"
#include "gpiogw/base/payload.hpp"

namespace gpiogw {

Inputs::Inputs(const std::vector<config::Input>& inputs, std::size_t first_line,
               gpio::Backend& gpio, EventLoop& loop, OnChange on_change)
    : gpio_(gpio), loop_(loop), on_change_(std::move(on_change)), first_line_(first_line) {
  inputs_.reserve(inputs.size());
  // A backend that debounces itself (in the kernel) gets no second debounce in software.
  const gpio::Debouncer::Clock::duration no_debounce{};
  for (const auto& input : inputs) {
    const std::size_t line = first_line++;
    const auto period = gpio_.debounces() ? no_debounce : input.debounce;
    inputs_.push_back({&input, line, gpio::Debouncer(period, gpio_.get(line)), {}});
  }
  // Timers capture element addresses, so they are made once the vector stops growing.
  for (auto& input : inputs_) {
    input.settle_timer = loop.make_timer([this, &input] { settle(input); });
  }
}

const Inputs::Input* Inputs::find(std::string_view name) const {
  return find_by_name(std::span(inputs_), name,
                      [](const Input& input) { return input.config->name; });
}

void Inputs::on_edges(std::span<const gpio::EdgeEvent> events) {
  const auto now = loop_.now();
  for (const auto& event : events) {
    if (event.index < first_line_ || event.index - first_line_ >= inputs_.size()) continue;
    auto& input = inputs_[event.index - first_line_];
    if (event.lost > 0) {
      log::warning(
          "input '{}' on {}: {} edge event{} lost (the kernel's queue overflowed); its level is "
          "read again, so the published state stays right",
          input.config->name, gpio_.describe(input.line), event.lost, event.lost == 1 ? "" : "s");
    }
    // Absolute: the debouncer compares its deadline with the loop's now() when the timer fires.
    input.settle_timer.arm_at(input.debouncer.on_edge(now));
  }
}

void Inputs::settle(Input& input) {
  const auto level = input.debouncer.on_sample(loop_.now(), gpio_.get(input.line));
  if (!level) return;
  log::info("input '{}' {}", input.config->name, state_payload(*level));
  on_change_(input, *level);
}

}  // namespace gpiogw
