#pragma once
// Home Assistant MQTT discovery: the retained config messages that make HA show every output (as a
// switch), input (binary_sensor), PWM channel (light, fan or number) and the gateway's diagnostics
// (sensor) by themselves. Pure: the gateway publishes what these functions return.

#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/config/config.hpp"
#include "gpiogw/config/homeassistant_topics.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/homeassistant/board.hpp"

namespace gpiogw::homeassistant {

struct Message {
  std::string topic;
  std::string payload;  // JSON
};

// Unique per gateway and stable across restarts: "<gateway name>_<8 hex digits of a hash of the
// machine id>", so two Pis never merge into one HA device, whatever their names.
std::string node_id(std::string_view gateway_name, std::string_view machine_id);
// /etc/machine-id, else /var/lib/dbus/machine-id, else the host name.
std::string read_machine_id();

// Every config message for this configuration, in a stable order: outputs (switch), inputs
// (binary_sensor; with button events also an event entity and a device trigger per event, whose
// payload is event_payload()), sensors (sensor, with a device class and unit where the kind tells:
// cpu_temp, ds18b20 and IIO temperature, humidity, pressure), PWM channels (light with brightness,
// fan with percentage or number, all on a 0..100 scale), counters (a total_increasing sensor, a
// measurement sensor for the rate, a diagnostic one for lost pulses), then the gateway's health
// values (diagnostic sensors, see gateway/health.hpp). The device carries the board's model and
// serial number (hw_version, serial_number) and [homeassistant] area (suggested_area) where known.
std::vector<Message> discovery_configs(const config::Config& config, const Topics& topics,
                                       std::string_view node_id, const Board& board = {});

// {"event_type":"single"}: what <prefix>/input/<name>/event carries.
std::string event_payload(config::ButtonEvent event);

}  // namespace gpiogw::homeassistant
