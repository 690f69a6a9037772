#pragma once
// The validated configuration: plain structs, every default filled in, nothing left to check.
// Produced only by the loader (config/loader.hpp); see config/gpiogw.toml for every key.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/gpio/line.hpp"

namespace gpiogw::config {

using Duration = std::chrono::milliseconds;

struct Gateway {
  std::string name;                                     // default: the host name
  std::string topic_prefix;                             // default: "gpiogw/<name>"
  std::filesystem::path state_dir = "/var/lib/gpiogw";  // where initial = "restore" remembers
};

struct Tls {
  std::filesystem::path ca_file;  // empty: the system's trust store
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  bool insecure = false;  // no certificate or host name checks at all
};

// How a preset is reached; a URI says it with its scheme instead.
enum class Transport { tcp, tls, ws, wss };

enum class Protocol { v3_1_1 = 3, v5 = 5 };

struct Mqtt {
  std::string uri = "tcp://localhost:1883";  // a preset is already expanded to its URI
  std::string preset;                        // the preset's name, when uri named one
  Transport transport = Transport::tcp;      // how a preset is reached
  std::string client_id;                     // default: "gpiogw-<name>"
  std::string username;
  std::filesystem::path password_file;
  Duration keepalive = std::chrono::seconds(30);
  int qos = 1;
  Protocol protocol = Protocol::v3_1_1;
  // false: the broker keeps the session (subscriptions, QoS 1/2 commands sent while the gateway
  // was away) under the stable client id.
  bool clean_session = false;
  Duration session_expiry = std::chrono::minutes(5);  // MQTT 5: how long the broker keeps it
  std::size_t offline_buffer = 1000;  // readings and state changes kept while disconnected
  Tls tls;
};

enum class BackendKind { gpiod, mock };

struct Gpio {
  BackendKind backend = BackendKind::gpiod;
  std::string chip = "auto";
  std::filesystem::path sim_dir;  // [gpio.mock] sim_dir; mock backend only
};

// Per-entry overrides for the Home Assistant discovery config; empty means the default.
struct HomeAssistantEntity {
  std::string name;             // the entity name (default: the entry's name)
  std::string device_class;     // e.g. "outlet", "door", "temperature"
  std::string icon;             // e.g. "mdi:pump"
  std::string unit;             // unit_of_measurement (sensors)
  std::string entity_category;  // "" | "config" | "diagnostic"
};

enum class Initial { off, on, restore };
enum class OnDisconnect { keep, off, on };
enum class OnShutdown { keep, off };

struct Output {
  std::string name;
  gpio::LineId line;
  bool active_low = false;
  Initial initial = Initial::off;
  std::optional<Duration> max_on{};  // the gateway turns the output off after this long
  std::string interlock{};           // group name: at most one output of a group is on
  Duration interlock_wait{0};        // dead time between the others going off and this going on
  OnDisconnect on_disconnect = OnDisconnect::keep;
  Duration disconnect_grace = std::chrono::seconds(30);  // unreachable this long: on_disconnect
  OnShutdown shutdown = OnShutdown::keep;                // on a clean stop
  HomeAssistantEntity homeassistant{};
};

struct Input {
  std::string name;
  gpio::LineId line;
  gpio::Bias bias = gpio::Bias::as_is;
  gpio::Edge edge = gpio::Edge::both;
  Duration debounce = std::chrono::milliseconds(20);
  bool active_low = false;
  HomeAssistantEntity homeassistant{};
};

// [homeassistant]: MQTT discovery, so that Home Assistant shows the entities by itself.
struct HomeAssistant {
  bool discovery = true;
  std::string prefix = "homeassistant";  // HA's discovery prefix; also <prefix>/status (birth)
};

// [chat]: the gateway joins an MQTT chat room and obeys lines addressed to it.
struct Chat {
  std::string room;                // members publish on <room>/<name> and read <room>/+
  std::string name;                // default: gateway.name
  std::vector<std::string> allow;  // sender names that may command; empty: anyone in the room
};

struct Config {
  std::filesystem::path source;  // the file it was read from
  Gateway gateway;
  Mqtt mqtt;
  Gpio gpio;
  std::vector<Output> outputs;
  std::vector<Input> inputs;
  std::optional<Chat> chat;  // absent: no chat room
  HomeAssistant homeassistant;
};

// The spellings used in the config file, e.g. "mock" and "off".
std::string_view to_string(BackendKind kind);
std::string_view to_string(OnDisconnect action);
std::string_view to_string(OnShutdown action);
std::string_view to_string(Initial initial);
std::string_view to_string(Transport transport);
std::string_view to_string(Protocol protocol);  // "MQTT 3.1.1", "MQTT 5"

}  // namespace gpiogw::config
