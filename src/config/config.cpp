#include "gpiogw/config/config.hpp"

namespace gpiogw::config {

std::string_view to_string(BackendKind kind) {
  switch (kind) {
    case BackendKind::gpiod:
      return "gpiod";
    case BackendKind::mock:
      return "mock";
  }
  return "?";  // only for values outside the enum; keeps -Wreturn-type quiet
}

std::string_view to_string(Initial initial) {
  switch (initial) {
    case Initial::off:
      return "off";
    case Initial::on:
      return "on";
  }
  return "?";
}

}  // namespace gpiogw::config
