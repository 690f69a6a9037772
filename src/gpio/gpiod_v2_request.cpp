#include "gpiod_v2_request.hpp"

namespace gpiogw::gpio::v2 {
namespace {

gpiod::line::bias bias_for(Bias bias) {
  switch (bias) {
    case Bias::as_is:
      return gpiod::line::bias::AS_IS;
    case Bias::disabled:
      return gpiod::line::bias::DISABLED;
    case Bias::pull_up:
      return gpiod::line::bias::PULL_UP;
    case Bias::pull_down:
      return gpiod::line::bias::PULL_DOWN;
  }
  return gpiod::line::bias::AS_IS;
}

gpiod::line::edge edge_for(Edge edge) {
  switch (edge) {
    case Edge::none:
      return gpiod::line::edge::NONE;
    case Edge::rising:
      return gpiod::line::edge::RISING;
    case Edge::falling:
      return gpiod::line::edge::FALLING;
    case Edge::both:
      return gpiod::line::edge::BOTH;
  }
  return gpiod::line::edge::NONE;
}

}  // namespace

gpiod::line_settings line_settings_for(const LineSpec& spec) {
  gpiod::line_settings settings;
  settings.set_active_low(spec.active_low).set_bias(bias_for(spec.bias));
  if (spec.direction == Direction::output) {
    settings.set_direction(gpiod::line::direction::OUTPUT)
        .set_output_value(spec.initial ? gpiod::line::value::ACTIVE : gpiod::line::value::INACTIVE);
  } else {
    settings.set_direction(gpiod::line::direction::INPUT)
        .set_edge_detection(edge_for(spec.edge))
        .set_debounce_period(spec.debounce);
  }
  return settings;
}

gpiod::line_config line_config_for(std::span<const LineSpec> specs,
                                   std::span<const LineLocation> locations, const ChipLines& chip) {
  gpiod::line_config config;
  for (const auto index : chip.lines) {
    config.add_line_settings(locations[index].offset, line_settings_for(specs[index]));
  }
  return config;
}

}  // namespace gpiogw::gpio::v2
