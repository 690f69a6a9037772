#pragma once
// What Home Assistant accepts in an entity's overrides, per component (HA's MQTT discovery
// schemas): the device classes, the entity categories, whether a unit belongs, the icon's form. One
// table for the loader's checks and the docs (docs/homeassistant.md lists the same values).

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gpiogw::config::homeassistant_schema {

// The device classes HA's `component` ("switch", "binary_sensor", "sensor", "number", "light",
// "fan") accepts; empty: the component takes none.
std::span<const std::string_view> device_classes(std::string_view component);
// "config" and "diagnostic" where the component acts; read-only components only "diagnostic".
std::span<const std::string_view> entity_categories(std::string_view component);
// A sensor's state classes.
std::span<const std::string_view> state_classes();
// Only components that show a number have a unit of measurement (sensor, number).
bool takes_unit(std::string_view component);
// Why `icon` is not of HA's form "prefix:name" (e.g. "mdi:pump"); nothing when it is.
std::optional<std::string> check_icon(std::string_view icon);

}  // namespace gpiogw::config::homeassistant_schema
