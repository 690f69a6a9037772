#pragma once
// Home Assistant's topic shapes, part of the model: the config checks that no sensor publishes
// on them, and the announcer uses them.

#include <string>
#include <string_view>

namespace gpiogw::homeassistant {

// HA's birth topic under its discovery prefix: <prefix>/status.
std::string birth_topic(std::string_view prefix);
// The filter for a node's config topics: <prefix>/+/<node id>/+/config.
std::string config_filter(std::string_view prefix, std::string_view node_id);

}  // namespace gpiogw::homeassistant
