#include "gpiogw/config/homeassistant_topics.hpp"

#include <fmt/format.h>

namespace gpiogw::homeassistant {

std::string birth_topic(std::string_view prefix) {
  return fmt::format("{}/status", prefix);
}

std::string config_filter(std::string_view prefix, std::string_view node_id) {
  return fmt::format("{}/+/{}/+/config", prefix, node_id);
}

}  // namespace gpiogw::homeassistant
