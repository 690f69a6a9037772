#include "gpiogw/config/counter.hpp"

namespace gpiogw::config {

std::string_view to_string(MeterClass meter) {
  switch (meter) {
    case MeterClass::none:
      return "none";
    case MeterClass::water:
      return "water";
    case MeterClass::gas:
      return "gas";
    case MeterClass::energy:
      return "energy";
  }
  return "?";
}

}  // namespace gpiogw::config
