#pragma once
// The validated configuration: plain structs, every default filled in, nothing left to check.
// Produced only by the loader (config/loader.hpp); see config/gpiogw.toml for every key.
// Comparable, so that a reload (SIGHUP) can tell what changed.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gpiogw/base/line.hpp"
#include "gpiogw/config/counter.hpp"

namespace gpiogw::config {

using Duration = std::chrono::milliseconds;

struct Gateway {
  std::string name;                                     // default: the host name
  std::string topic_prefix;                             // default: "gpiogw/<name>"
  std::filesystem::path state_dir = "/var/lib/gpiogw";  // where initial = "restore" remembers
  // Where the kernel's sysfs is mounted; sensors read their files under it. A fake tree in tests
  // and demos.
  std::filesystem::path sysfs_root = "/sys";

  bool operator==(const Gateway&) const = default;
};

struct Tls {
  std::filesystem::path ca_file;  // empty: the system's trust store
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  bool insecure = false;  // no certificate or host name checks at all

  bool operator==(const Tls&) const = default;
};

// How a preset is reached; a URI says it with its scheme instead.
enum class Transport { tcp, tls, ws, wss };

enum class Protocol { v3_1_1 = 3, v5 = 5 };

struct Mqtt {
  // The broker, or the nodes of a broker cluster (tried in turn: gateway/broker_list.hpp); a
  // preset is already expanded to its URI. Never empty.
  std::vector<std::string> uris{"tcp://localhost:1883"};
  std::string preset;                    // the preset's name, when uri named one
  Transport transport = Transport::tcp;  // how a preset is reached
  std::string client_id;                 // default: "gpiogw-<name>"
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

  bool operator==(const Mqtt&) const = default;
};

enum class BackendKind { gpiod, mock };

struct Gpio {
  BackendKind backend = BackendKind::gpiod;
  std::string chip = "auto";
  std::filesystem::path sim_dir;  // [gpio.mock] sim_dir; mock backend only

  bool operator==(const Gpio&) const = default;
};

// Per-entry overrides for the Home Assistant discovery config; empty means the default.
struct HomeAssistantEntity {
  std::string name;             // the entity name (default: the entry's name)
  std::string device_class;     // e.g. "outlet", "door", "temperature"
  std::string icon;             // e.g. "mdi:pump"
  std::string unit;             // unit_of_measurement (sensors)
  std::string entity_category;  // "" | "config" | "diagnostic"

  bool operator==(const HomeAssistantEntity&) const = default;
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

  bool operator==(const Output&) const = default;
};

// A button gesture detected on an input, spelled "single", "double" and "long".
enum class ButtonEvent { single, double_press, long_press };

struct Input {
  std::string name;
  gpio::LineId line;
  gpio::Bias bias = gpio::Bias::as_is;
  gpio::Edge edge = gpio::Edge::both;
  Duration debounce = std::chrono::milliseconds(20);
  bool active_low = false;
  std::vector<ButtonEvent> events{};  // the gestures to detect, each once; none by default
  Duration double_click = std::chrono::milliseconds(300);  // from a release to the next press
  Duration long_press = std::chrono::milliseconds(800);    // held this long: "long"
  HomeAssistantEntity homeassistant{};

  bool operator==(const Input&) const = default;
};

// [homeassistant]: MQTT discovery, so that Home Assistant shows the entities by itself.
struct HomeAssistant {
  bool discovery = true;
  std::string prefix = "homeassistant";  // HA's discovery prefix; also <prefix>/status (birth)
  std::string area;                      // the device's suggested_area; empty: none

  bool operator==(const HomeAssistant&) const = default;
};

// [chat]: the gateway joins an MQTT chat room and obeys lines addressed to it.
struct Chat {
  std::string room;                // members publish on <room>/<name> and read <room>/+
  std::string name;                // default: gateway.name
  std::vector<std::string> allow;  // sender names that may command; empty: anyone in the room

  bool operator==(const Chat&) const = default;
};

// [[sensor]]: what each kind reads. See config/gpiogw.toml for the files behind them.
struct RandintSensor {
  std::int64_t min = 0;               // inclusive
  std::int64_t max = 10;              // inclusive
  std::optional<std::uint32_t> seed;  // for reproducible runs; default: a random seed

  bool operator==(const RandintSensor&) const = default;
};
struct CpuTempSensor {
  unsigned zone = 0;  // <sysfs_root>/class/thermal/thermal_zone<zone>/temp

  bool operator==(const CpuTempSensor&) const = default;
};
struct Ds18b20Sensor {
  std::string id;  // "28-0316a2798bff"; empty: the first one under <sysfs_root>/bus/w1/devices

  bool operator==(const Ds18b20Sensor&) const = default;
};
struct IioSensor {
  std::variant<unsigned, std::string> device;  // iio:device<N>, or the device's name
  std::string channel;                         // e.g. "in_temp", "in_humidityrelative"

  bool operator==(const IioSensor&) const = default;
};
struct FileSensor {
  std::filesystem::path path;  // any text file holding one number
  double scale = 1.0;          // published value = number * scale + offset
  double offset = 0.0;

  bool operator==(const FileSensor&) const = default;
};
using SensorSource =
    std::variant<RandintSensor, CpuTempSensor, Ds18b20Sensor, IioSensor, FileSensor>;

struct Sensor {
  std::string name;
  SensorSource source;
  Duration interval = std::chrono::seconds(60);
  std::string topic;  // default: <prefix>/sensor/<name>
  int digits = 2;     // decimals kept when publishing; trailing zeros are left out
  bool retain = false;
  // Publish only when the value moved by at least min_delta since the last publish, but at least
  // every max_silence.
  std::optional<double> min_delta;
  Duration max_silence = Duration::zero();  // set when min_delta is; default 10 intervals
  // homeassistant = { name, device_class, unit, icon, entity_category, state_class }; an empty
  // device class or unit: what the kind implies.
  HomeAssistantEntity homeassistant{};
  std::string state_class = "measurement";

  bool operator==(const Sensor&) const = default;
};

// [[pwm]]: a channel of the kernel's PWM class (dimmers, fans, servos), driven by a percent.
enum class PwmComponent { light, fan, number };  // how Home Assistant shows it

struct Pwm {
  std::string name;
  std::string chip = "auto";  // "auto" (the only PWM chip), its device name or "pwmchipN"
  unsigned channel = 0;
  std::uint64_t period_ns = 40000;      // from frequency = "25kHz" or period = "40us"
  bool invert = false;                  // the kernel's "inversed" polarity
  std::optional<double> initial = 0.0;  // percent; nothing: "restore"
  double min = 0.0;                     // the duty range (percent of the period) 0..100 % maps onto
  double max = 100.0;
  Duration fade{0};                       // every change is a ramp this long, in steps on the loop
  std::optional<Duration> max_on{};       // off after being above 0 this long
  std::optional<double> on_disconnect{};  // percent; nothing: keep
  Duration disconnect_grace = std::chrono::seconds(30);
  OnShutdown shutdown = OnShutdown::keep;
  PwmComponent component = PwmComponent::light;
  HomeAssistantEntity homeassistant{};

  bool operator==(const Pwm&) const = default;
};

// [[rule]]: a local action, run by the gateway itself, with or without a broker.
enum class RuleOnly { always, disconnected };

// What a rule waits for: an input's event ("hall_button single") or an input's or output's state
// ("door ON").
struct RuleTrigger {
  std::string name;                  // the input's or output's name as configured
  std::optional<ButtonEvent> event;  // set: an event; else a state
  bool on = false;                   // a state: ON or OFF

  bool operator==(const RuleTrigger&) const = default;
};

struct Rule {
  std::string when;  // as written, for the log and the rules listing
  RuleTrigger trigger;
  // A command of the chat language; the rules module checks it (it needs the chat parser).
  std::string action;
  unsigned action_line = 0;  // where `do` is, for its messages
  unsigned action_column = 0;
  RuleOnly only = RuleOnly::always;

  bool operator==(const Rule&) const = default;
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
  std::vector<Sensor> sensors;
  std::vector<Counter> counters;
  std::vector<Pwm> pwms;
  std::vector<Rule> rules;

  bool operator==(const Config&) const = default;
};

// The spellings used in the config file, e.g. "mock" and "off".
std::string_view to_string(BackendKind kind);
std::string_view to_string(OnDisconnect action);
std::string_view to_string(OnShutdown action);
std::string_view to_string(Initial initial);
std::string_view to_string(Transport transport);
std::string_view to_string(Protocol protocol);  // "MQTT 3.1.1", "MQTT 5"
std::string_view to_string(PwmComponent component);
std::string_view to_string(ButtonEvent event);  // "single", "double", "long"
std::string_view to_string(RuleOnly only);
// The sensor's kind as the config spells it: "randint", "cpu_temp", "ds18b20", "iio" or "file".
std::string_view kind_name(const SensorSource& source);

}  // namespace gpiogw::config
