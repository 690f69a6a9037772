#include "gpiogw/gateway/line_request.hpp"

#include "gpiogw/base/log.hpp"
#include "gpiogw/counter/pulse_counter.hpp"
#include "gpiogw/gateway/initial_levels.hpp"

namespace gpiogw {
namespace {

// Outputs first, then inputs, then counters: each part finds its lines at these indices.
std::vector<gpio::LineSpec> line_specs(const config::Config& config,
                                       const std::vector<bool>& initial_levels,
                                       bool backend_debounces) {
  std::vector<gpio::LineSpec> specs;
  for (std::size_t i = 0; i < config.outputs.size(); ++i) {
    const auto& output = config.outputs[i];
    specs.push_back({.name = output.name,
                     .line = output.line,
                     .direction = gpio::Direction::output,
                     .active_low = output.active_low,
                     .initial = initial_levels[i]});
  }
  for (const auto& input : config.inputs) {
    specs.push_back({.name = input.name,
                     .line = input.line,
                     .direction = gpio::Direction::input,
                     .active_low = input.active_low,
                     .bias = input.bias,
                     .edge = input.edge,
                     .debounce = input.debounce});
  }
  for (const auto& counter : config.counters) {
    specs.push_back(counter::line_spec(counter, backend_debounces));
  }
  return specs;
}

}  // namespace

bool same_lines(std::vector<gpio::LineSpec> a, std::vector<gpio::LineSpec> b) {
  for (auto* specs : {&a, &b}) {
    for (auto& spec : *specs) spec.initial = false;
  }
  return a == b;
}

LineRequest::LineRequest(const config::Config& config, gpio::Backend& gpio,
                         const std::map<std::string, bool>& restored, Handover* handover)
    : carried_(handover ? handover->outputs : Outputs::CarriedOver{}),
      levels_(initial_levels(config.outputs, restored)) {
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    const auto found = carried_.find(config.outputs[i].name);
    if (found != carried_.end() && found->second.config == config.outputs[i]) {
      levels_[i] = found->second.level;
    }
  }
  specs_ = line_specs(config, levels_, gpio.debounces());
  kept_ = handover && same_lines(handover->requested, specs_);
  if (kept_) {
    log::info("reload: every GPIO line stays requested as it is");
    return;
  }
  if (handover) {
    log::info("reload: the GPIO lines changed; requesting them again");
    handover->requested.clear();
    gpio.release();
  }
  gpio.request(specs_);
}

}  // namespace gpiogw
