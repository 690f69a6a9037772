#include "gpiogw/base/line.hpp"

namespace gpiogw::gpio {

std::string to_string(const LineId& line) {
  if (const auto* offset = std::get_if<unsigned>(&line)) return std::to_string(*offset);
  return std::get<std::string>(line);
}

std::string_view to_string(Direction direction) {
  switch (direction) {
    case Direction::input:
      return "input";
    case Direction::output:
      return "output";
  }
  return "?";  // unreachable for valid enumerators; keeps -Wreturn-type quiet
}

std::string_view to_string(Bias bias) {
  switch (bias) {
    case Bias::as_is:
      return "as-is";
    case Bias::disabled:
      return "disabled";
    case Bias::pull_up:
      return "pull-up";
    case Bias::pull_down:
      return "pull-down";
  }
  return "?";
}

std::string_view to_string(Edge edge) {
  switch (edge) {
    case Edge::none:
      return "none";
    case Edge::rising:
      return "rising";
    case Edge::falling:
      return "falling";
    case Edge::both:
      return "both";
  }
  return "?";
}

}  // namespace gpiogw::gpio
