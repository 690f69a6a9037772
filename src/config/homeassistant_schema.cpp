#include "gpiogw/config/homeassistant_schema.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>

#include "gpiogw/base/payload.hpp"

namespace gpiogw::config::homeassistant_schema {
namespace {

constexpr auto kSwitchClasses = std::to_array<std::string_view>({"outlet", "switch"});

constexpr auto kBinarySensorClasses = std::to_array<std::string_view>({"battery",
                                                                       "battery_charging",
                                                                       "carbon_monoxide",
                                                                       "cold",
                                                                       "connectivity",
                                                                       "door",
                                                                       "garage_door",
                                                                       "gas",
                                                                       "heat",
                                                                       "light",
                                                                       "lock",
                                                                       "moisture",
                                                                       "motion",
                                                                       "moving",
                                                                       "occupancy",
                                                                       "opening",
                                                                       "plug",
                                                                       "power",
                                                                       "presence",
                                                                       "problem",
                                                                       "running",
                                                                       "safety",
                                                                       "smoke",
                                                                       "sound",
                                                                       "tamper",
                                                                       "update",
                                                                       "vibration",
                                                                       "window"});

// HA's sensor classes. The first three are not numbers one could set, so number takes the rest.
constexpr std::size_t kSensorOnly = 3;
constexpr auto kSensorClasses = std::to_array<std::string_view>({"date",
                                                                 "enum",
                                                                 "timestamp",
                                                                 "absolute_humidity",
                                                                 "apparent_power",
                                                                 "aqi",
                                                                 "area",
                                                                 "atmospheric_pressure",
                                                                 "battery",
                                                                 "blood_glucose_concentration",
                                                                 "carbon_dioxide",
                                                                 "carbon_monoxide",
                                                                 "conductivity",
                                                                 "current",
                                                                 "data_rate",
                                                                 "data_size",
                                                                 "distance",
                                                                 "duration",
                                                                 "energy",
                                                                 "energy_distance",
                                                                 "energy_storage",
                                                                 "frequency",
                                                                 "gas",
                                                                 "humidity",
                                                                 "illuminance",
                                                                 "irradiance",
                                                                 "moisture",
                                                                 "monetary",
                                                                 "nitrogen_dioxide",
                                                                 "nitrogen_monoxide",
                                                                 "nitrous_oxide",
                                                                 "ozone",
                                                                 "ph",
                                                                 "pm1",
                                                                 "pm10",
                                                                 "pm25",
                                                                 "pm4",
                                                                 "power_factor",
                                                                 "power",
                                                                 "precipitation",
                                                                 "precipitation_intensity",
                                                                 "pressure",
                                                                 "reactive_energy",
                                                                 "reactive_power",
                                                                 "signal_strength",
                                                                 "sound_pressure",
                                                                 "speed",
                                                                 "sulphur_dioxide",
                                                                 "temperature",
                                                                 "volatile_organic_compounds",
                                                                 "volatile_organic_compounds_parts",
                                                                 "voltage",
                                                                 "volume",
                                                                 "volume_flow_rate",
                                                                 "volume_storage",
                                                                 "water",
                                                                 "weight",
                                                                 "wind_direction",
                                                                 "wind_speed"});

constexpr auto kStateClasses = std::to_array<std::string_view>(
    {"measurement", "measurement_angle", "total", "total_increasing"});

constexpr auto kAllCategories = std::to_array<std::string_view>({"config", "diagnostic"});
constexpr auto kReadOnlyCategories = std::to_array<std::string_view>({"diagnostic"});

bool read_only(std::string_view component) {
  return component == "sensor" || component == "binary_sensor";
}

}  // namespace

std::span<const std::string_view> device_classes(std::string_view component) {
  if (component == "switch") return kSwitchClasses;
  if (component == "binary_sensor") return kBinarySensorClasses;
  if (component == "sensor") return kSensorClasses;
  if (component == "number") return std::span(kSensorClasses).subspan(kSensorOnly);
  return {};  // light and fan have no device class
}

std::span<const std::string_view> entity_categories(std::string_view component) {
  // HA refuses "config" on an entity that only reports.
  if (read_only(component)) return kReadOnlyCategories;
  return kAllCategories;
}

std::span<const std::string_view> state_classes() {
  return kStateClasses;
}

bool takes_unit(std::string_view component) {
  return component == "sensor" || component == "number";
}

std::optional<std::string> check_icon(std::string_view icon) {
  const auto colon = icon.find(':');
  const auto allowed = [](std::string_view part) {
    return !part.empty() && std::ranges::all_of(part, [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
  };
  if (colon != std::string_view::npos && allowed(icon.substr(0, colon)) &&
      allowed(icon.substr(colon + 1)))
    return std::nullopt;
  return fmt::format("{} is not an icon of the form \"prefix:name\", e.g. \"mdi:pump\"",
                     printable_excerpt(icon));
}

}  // namespace gpiogw::config::homeassistant_schema
