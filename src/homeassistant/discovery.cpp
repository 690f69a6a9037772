#include "gpiogw/homeassistant/discovery.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>

#include <nlohmann/json.hpp>

#include "gpiogw/config/rules.hpp"
#include "gpiogw/version.hpp"

namespace gpiogw::homeassistant {

using nlohmann::json;

std::string event_payload(config::ButtonEvent event) {
  return json{{"event_type", config::to_string(event)}}.dump();
}

namespace {

// FNV-1a: tiny, and the same on every machine and compiler (std::hash is neither).
std::uint32_t fnv1a(std::string_view text) {
  std::uint32_t hash = 2166136261U;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619U;
  }
  return hash;
}

// What every entity of this gateway shares: its device, the origin, availability.
struct Common {
  const config::Config& config;
  const Topics& topics;
  std::string node;
  json device;

  json base(std::string_view kind, std::string_view name,
            const config::HomeAssistantEntity& overrides, std::string_view component) const {
    const std::string object = fmt::format("{}_{}", kind, name);
    json entity = {
        {"unique_id", fmt::format("{}_{}", node, object)},
        {"name", overrides.name.empty() ? std::string(name) : overrides.name},
        {"default_entity_id", fmt::format("{}.{}_{}", component, node, name)},
        {"availability", json::array({{{"topic", topics.status()},
                                       {"payload_available", "online"},
                                       {"payload_not_available", "offline"}}})},
        {"qos", config.mqtt.qos},
        {"device", device},
        {"origin", {{"name", "gpiogw"}, {"sw_version", kVersion}}},
    };
    for (auto [key, value] :
         {std::pair{"device_class", &overrides.device_class}, std::pair{"icon", &overrides.icon},
          std::pair{"unit_of_measurement", &overrides.unit},
          std::pair{"entity_category", &overrides.entity_category}}) {
      if (!value->empty()) entity[key] = *value;
    }
    return entity;
  }

  Message message(std::string_view component, std::string_view object, const json& entity) const {
    return {fmt::format("{}/{}/{}/{}/config", config.homeassistant.prefix, component, node, object),
            entity.dump()};
  }
};

// What HA should call a sensor's values: device class and unit, where the kind says.
std::pair<std::string_view, std::string_view> measure_of(const config::Sensor& sensor) {
  if (std::holds_alternative<config::CpuTempSensor>(sensor.source) ||
      std::holds_alternative<config::Ds18b20Sensor>(sensor.source)) {
    return {"temperature", "°C"};
  }
  if (const auto* iio = std::get_if<config::IioSensor>(&sensor.source)) {
    if (iio->channel.starts_with("in_temp")) return {"temperature", "°C"};
    if (iio->channel.starts_with("in_humidityrelative")) return {"humidity", "%"};
    if (iio->channel.starts_with("in_pressure")) return {"pressure", "kPa"};
    // The kernel's IIO units, which HA takes as they are.
    if (iio->channel.starts_with("in_voltage")) return {"voltage", "mV"};
    if (iio->channel.starts_with("in_current")) return {"current", "mA"};
    if (iio->channel.starts_with("in_illuminance")) return {"illuminance", "lx"};
  }
  return {};
}

// A sensor publishes at least every interval, or every max_silence with a min_delta; two such
// gaps without a reading (a missed one may be a slow read) and HA shows it as unavailable.
long expire_after_seconds(const config::Sensor& sensor) {
  const config::Duration gap = sensor.min_delta ? sensor.max_silence : sensor.interval;
  return std::chrono::ceil<std::chrono::seconds>(2 * gap).count();
}

Message sensor_config(const Common& common, const config::Sensor& sensor) {
  // The kind's device class and unit, unless the entry's overrides say otherwise.
  config::HomeAssistantEntity overrides = sensor.homeassistant;
  const auto [device_class, unit] = measure_of(sensor);
  if (overrides.device_class.empty()) overrides.device_class = device_class;
  if (overrides.unit.empty()) overrides.unit = unit;
  json entity = common.base("sensor", sensor.name, overrides, "sensor");
  entity["state_topic"] = common.topics.sensor_state(sensor);
  entity["state_class"] = sensor.state_class;
  entity["suggested_display_precision"] = sensor.digits;
  entity["expire_after"] = expire_after_seconds(sensor);
  return common.message("sensor", "sensor_" + sensor.name, entity);
}

// The device class of a counter's rate: what flows through a water or gas meter, or power.
std::string_view rate_class(config::MeterClass meter) {
  switch (meter) {
    case config::MeterClass::water:
    case config::MeterClass::gas:
      return "volume_flow_rate";
    case config::MeterClass::energy:
      return "power";
    case config::MeterClass::none:
      break;
  }
  return "";
}

// A meter's total (total_increasing: HA reads a decrease as a new meter cycle), its rate, and the
// pulses lost from the kernel's queue as a diagnostic.
void add_counter_configs(const Common& common, const config::Counter& counter,
                         std::vector<Message>& messages) {
  config::HomeAssistantEntity overrides;
  overrides.name = counter.ha_name;
  if (counter.meter != config::MeterClass::none) {
    overrides.device_class = config::to_string(counter.meter);
  }
  overrides.icon = counter.ha_icon;
  overrides.unit = counter.unit;
  json total = common.base("counter", counter.name, overrides, "sensor");
  total["state_topic"] = common.topics.counter(counter.name);
  total["state_class"] = "total_increasing";
  total["suggested_display_precision"] = counter.digits;
  messages.push_back(common.message("sensor", "counter_" + counter.name, total));

  const std::string shown = counter.ha_name.empty() ? counter.name : counter.ha_name;
  if (!counter.rate_unit.empty()) {
    const std::string name = counter.name + "_rate";
    config::HomeAssistantEntity rate_overrides;
    rate_overrides.name = shown + " rate";
    rate_overrides.device_class = rate_class(counter.meter);
    rate_overrides.unit = counter.rate_unit;
    json rate = common.base("counter", name, rate_overrides, "sensor");
    rate["state_topic"] = common.topics.counter_rate(counter.name);
    rate["state_class"] = "measurement";
    messages.push_back(common.message("sensor", "counter_" + name, rate));
  }
  const std::string lost = counter.name + "_lost";
  config::HomeAssistantEntity lost_overrides;
  lost_overrides.name = shown + " lost pulses";
  lost_overrides.entity_category = "diagnostic";
  json diagnostic = common.base("counter", lost, lost_overrides, "sensor");
  diagnostic["state_topic"] = common.topics.counter_lost(counter.name);
  diagnostic["state_class"] = "total_increasing";
  messages.push_back(common.message("sensor", "counter_" + lost, diagnostic));
}

// A PWM channel as the component its entry chose; the state topic carries the percent.
Message pwm_config(const Common& common, const config::Pwm& pwm) {
  const std::string_view component = config::to_string(pwm.component);
  json entity = common.base("pwm", pwm.name, pwm.homeassistant, component);
  const std::string state = common.topics.pwm_state(pwm.name);
  const std::string command = common.topics.pwm_set(pwm.name);
  entity["command_topic"] = command;
  entity["state_topic"] = state;
  // Light and fan: on/off from the percent (above 0 is on) and the percent as their scale.
  const auto on_off_and_scale = [&](std::string_view scale) {
    entity["payload_on"] = "ON";
    entity["payload_off"] = "OFF";
    entity["state_value_template"] = "{{ 'ON' if value | float(0) > 0 else 'OFF' }}";
    entity[fmt::format("{}_command_topic", scale)] = command;
    entity[fmt::format("{}_state_topic", scale)] = state;
  };
  switch (pwm.component) {
    case config::PwmComponent::light:
      on_off_and_scale("brightness");
      entity["brightness_scale"] = 100;
      // Turning on with a brightness sends only the brightness: no ON that would start a fade to
      // the last value first.
      entity["on_command_type"] = "brightness";
      break;
    case config::PwmComponent::fan:
      on_off_and_scale("percentage");
      entity["speed_range_min"] = 1;
      entity["speed_range_max"] = 100;
      break;
    case config::PwmComponent::number:
      entity["min"] = 0;
      entity["max"] = 100;
      entity["step"] = 1;
      entity["mode"] = "slider";
      if (!entity.contains("unit_of_measurement")) entity["unit_of_measurement"] = "%";
      break;
  }
  return common.message(component, "pwm_" + pwm.name, entity);
}

// An input's gestures as an event entity: HA reads event_type from each JSON payload.
Message event_config(const Common& common, const config::Input& input) {
  // The input's device class was checked for its binary_sensor; HA's event takes another set.
  config::HomeAssistantEntity overrides = input.homeassistant;
  overrides.device_class.clear();
  json entity = common.base("event", input.name, overrides, "event");
  entity["state_topic"] = common.topics.input_event(input.name);
  json types = json::array();
  for (const auto event : input.events) types.push_back(config::to_string(event));
  entity["event_types"] = types;
  entity["device_class"] = "button";
  return common.message("event", "event_" + input.name, entity);
}

// A device trigger per gesture, for automations made on the device's page.
Message trigger_config(const Common& common, const config::Input& input,
                       config::ButtonEvent event) {
  static constexpr std::array<std::string_view, 3> kTypes{
      "button_short_press", "button_double_press", "button_long_press"};
  const json trigger = {
      {"automation_type", "trigger"},    {"topic", common.topics.input_event(input.name)},
      {"payload", event_payload(event)}, {"type", kTypes.at(static_cast<std::size_t>(event))},
      {"subtype", input.name},           {"qos", common.config.mqtt.qos},
      {"device", common.device}};
  return common.message("device_automation",
                        fmt::format("trigger_{}_{}", input.name, config::to_string(event)),
                        trigger);
}

Message health_config(const Common& common, std::string_view name) {
  json entity = common.base("diagnostics", name, {}, "sensor");
  entity["state_topic"] = common.topics.diagnostic(name);
  entity["entity_category"] = "diagnostic";
  if (name == "uptime") {
    entity["device_class"] = "duration";
    entity["unit_of_measurement"] = "s";
    entity["state_class"] = "total_increasing";
  } else if (name == "reconnects") {
    entity["state_class"] = "total_increasing";
  }
  return common.message("sensor", fmt::format("diagnostics_{}", name), entity);
}

// The HA device all entities belong to.
json device_of(const config::Config& config, std::string_view node, const Board& board) {
  json device = {{"identifiers", json::array({node})},
                 {"name", config.gateway.name},
                 {"manufacturer", "gpiogw"},
                 {"model", "MQTT to GPIO gateway"},
                 {"sw_version", kVersion}};
  for (auto [key, value] :
       {std::pair{"hw_version", &board.model}, std::pair{"serial_number", &board.serial},
        std::pair{"suggested_area", &config.homeassistant.area}}) {
    if (!value->empty()) device[key] = *value;
  }
  return device;
}

}  // namespace

std::string node_id(std::string_view gateway_name, std::string_view machine_id) {
  return fmt::format("{}_{:08x}", config::sanitize_name(gateway_name), fnv1a(machine_id));
}

std::string read_machine_id() {
  for (const char* path : {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
    std::ifstream in(path);
    std::string id;
    if (in >> id && !id.empty()) return id;
  }
  std::array<char, 256> host{};
  gethostname(host.data(), host.size() - 1);
  return host.data();
}

std::vector<Message> discovery_configs(const config::Config& config, const Topics& topics,
                                       std::string_view node_id, const Board& board) {
  const Common common{config, topics, std::string(node_id), device_of(config, node_id, board)};
  std::vector<Message> messages;
  for (const auto& output : config.outputs) {
    json entity = common.base("output", output.name, output.homeassistant, "switch");
    entity["command_topic"] = topics.output_set(output.name);
    entity["state_topic"] = topics.output_state(output.name);
    entity["payload_on"] = "ON";
    entity["payload_off"] = "OFF";
    messages.push_back(common.message("switch", "output_" + output.name, entity));
  }
  for (const auto& input : config.inputs) {
    json entity = common.base("input", input.name, input.homeassistant, "binary_sensor");
    entity["state_topic"] = topics.input_state(input.name);
    entity["payload_on"] = "ON";
    entity["payload_off"] = "OFF";
    messages.push_back(common.message("binary_sensor", "input_" + input.name, entity));
    if (input.events.empty()) continue;
    messages.push_back(event_config(common, input));
    for (const auto event : input.events) messages.push_back(trigger_config(common, input, event));
  }
  for (const auto& sensor : config.sensors) messages.push_back(sensor_config(common, sensor));
  for (const auto& pwm : config.pwms) messages.push_back(pwm_config(common, pwm));
  for (const auto& counter : config.counters) add_counter_configs(common, counter, messages);
  for (const std::string_view name : kHealthNames) messages.push_back(health_config(common, name));
  return messages;
}

}  // namespace gpiogw::homeassistant
