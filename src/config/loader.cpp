#include "gpiogw/config/loader.hpp"

#include <fcntl.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <map>
#include <memory>
#include <system_error>
#include <variant>

#include "button_reader.hpp"
#include "counter_reader.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/config/presets.hpp"
#include "gpiogw/config/rules.hpp"
#include "pwm_reader.hpp"
#include "reader.hpp"
#include "sensor_reader.hpp"
#include "topic_clash.hpp"

namespace gpiogw::config {
namespace {

namespace fs = std::filesystem;
using detail::Diagnostics;
using detail::read_name;
using detail::read_path;
using detail::TableReader;

constexpr std::int64_t kMaxLineOffset = 1023;  // far above any real chip; catches typos
constexpr Duration kMaxKeepalive = std::chrono::seconds(65535);           // MQTT's 16-bit field
constexpr Duration kMaxSessionExpiry = std::chrono::seconds(4294967295);  // MQTT 5's 32-bit field
constexpr std::int64_t kMaxOfflineBuffer = 100000;

constexpr std::array kBackends{BackendKind::gpiod, BackendKind::mock};
constexpr std::array kInitials{Initial::off, Initial::on, Initial::restore};
constexpr std::array kOnDisconnect{OnDisconnect::keep, OnDisconnect::off, OnDisconnect::on};
constexpr std::array kOnShutdown{OnShutdown::keep, OnShutdown::off};
constexpr std::array kBiases{gpio::Bias::as_is, gpio::Bias::disabled, gpio::Bias::pull_up,
                             gpio::Bias::pull_down};
constexpr std::array kEdges{gpio::Edge::rising, gpio::Edge::falling, gpio::Edge::both};
constexpr std::array kTransports{Transport::tcp, Transport::tls, Transport::ws, Transport::wss};

// An output or input as the checks across entries see it.
struct Entry {
  std::string kind;                 // "output", "input" or "counter"
  std::optional<std::string> name;  // set only when valid
  std::optional<gpio::LineId> line;
  TableReader reader;  // its path ("output[1]") and position, and to place errors on its keys

  // How other entries' errors name this one: by name when it has a valid one.
  std::string description() const {
    return name ? fmt::format("{} '{}'", kind, *name) : reader.path();
  }
};

std::string host_name() {
  std::array<char, 256> buffer{};
  if (gethostname(buffer.data(), buffer.size() - 1) != 0) return sanitize_name("");
  return sanitize_name(buffer.data());
}

void read_gateway(TableReader& reader, Gateway& gateway, const fs::path& base) {
  if (auto name = read_name(reader)) gateway.name = std::move(*name);
  if (auto sysfs_root = read_path(reader, "sysfs_root", base))
    gateway.sysfs_root = std::move(*sysfs_root);
  if (auto prefix = reader.string("topic_prefix")) {
    if (auto problem = check_topic_prefix(*prefix))
      reader.error("topic_prefix", std::move(*problem));
    gateway.topic_prefix = std::move(*prefix);
  }
  if (auto path = read_path(reader, "state_dir", base)) gateway.state_dir = std::move(*path);
  reader.report_unknown_keys();
}

void read_tls(TableReader& reader, Tls& tls, const fs::path& base, std::string_view uri) {
  // TLS settings next to a plain URI look secure and are not: say so.
  const auto check_applies = [&](std::string_view key) {
    if (!uri.empty() && !uses_tls(uri))
      reader.error(key, fmt::format("only applies to ssl://, mqtts:// and wss:// URIs, not {}",
                                    shown_uri(uri)));
  };
  for (auto [key, file] :
       {std::pair{"ca_file", &tls.ca_file}, std::pair{"cert_file", &tls.cert_file},
        std::pair{"key_file", &tls.key_file}}) {
    if (auto path = read_path(reader, key, base)) {
      *file = std::move(*path);
      check_applies(key);
    }
  }
  if (tls.cert_file.empty() != tls.key_file.empty())
    reader.error(tls.cert_file.empty() ? "key_file" : "cert_file",
                 "cert_file and key_file go together: a client certificate needs its key");
  if (auto insecure = reader.boolean("insecure")) {
    tls.insecure = *insecure;
    if (tls.insecure) check_applies("insecure");
  }
  reader.report_unknown_keys();
}

// Paho keeps one transport per client: every node of a list is reached the same way.
std::string_view transport_of(std::string_view uri) {
  const bool websocket = uri.starts_with("ws");
  if (uses_tls(uri)) return websocket ? "wss" : "TLS";
  return websocket ? "ws" : "plain TCP";
}

// `uri` is a broker URI or a preset's name that `transport` turns into one, or a list of them
// (the nodes of a cluster). Returns the first URI when all are valid.
std::optional<std::string> read_broker(TableReader& reader, Mqtt& mqtt) {
  const std::optional<Transport> transport = reader.choice<Transport>("transport", kTransports);
  const auto entries = reader.one_or_more_strings("uri");
  std::vector<std::string> uris;
  bool valid = entries.has_value() || !reader.get("uri");  // absent: the default
  for (const auto& entry : entries.value_or(std::vector<TableReader::Element>{})) {
    if (auto problem = check_broker(entry.text)) {
      reader.error_at(entry, std::move(*problem));
      valid = false;
      continue;
    }
    std::string uri = entry.text;
    if (!is_uri(uri)) {
      if (mqtt.preset.empty()) mqtt.preset = uri;
      uri = preset_uri(*find_preset(uri), transport.value_or(Transport::tcp));
    }
    if (std::find(uris.begin(), uris.end(), uri) != uris.end()) {
      reader.error_at(entry, fmt::format("{} is listed twice", shown_uri(uri)));
      valid = false;
    } else if (!uris.empty() && transport_of(uri) != transport_of(uris.front())) {
      reader.error_at(entry, fmt::format("{} is reached over {}, but {} over {}: every node of the "
                                         "list must use the same transport",
                                         shown_uri(uri), transport_of(uri), shown_uri(uris.front()),
                                         transport_of(uris.front())));
      valid = false;
    }
    uris.push_back(std::move(uri));
  }
  if (!valid) return std::nullopt;
  if (!mqtt.preset.empty()) mqtt.transport = transport.value_or(Transport::tcp);
  if (entries) mqtt.uris = std::move(uris);
  if (transport && mqtt.preset.empty())
    reader.error("transport",
                 fmt::format(R"(only applies to a preset such as uri = "hivemq"; the scheme of )"
                             "{} already chooses the transport",
                             shown_uri(mqtt.uris.front())));
  return mqtt.uris.front();
}

// A duration that MQTT sends in whole seconds.
std::optional<Duration> read_seconds(TableReader& reader, std::string_view key, Duration min,
                                     Duration max) {
  const auto value = reader.duration(key);
  if (!value) return std::nullopt;
  const auto seconds = [](Duration d) {
    return std::chrono::duration_cast<std::chrono::seconds>(d).count();
  };
  if (*value < min || *value > max) {
    reader.error(key, fmt::format("must be between {}s and {}s, got {}", seconds(min), seconds(max),
                                  format_duration(*value)));
    return std::nullopt;
  }
  if (*value % std::chrono::seconds(1) != Duration::zero()) {
    reader.error(key, fmt::format("must be whole seconds (MQTT counts it in seconds), got {}",
                                  format_duration(*value)));
    return std::nullopt;
  }
  return value;
}

// Why the file cannot be opened for reading, or nothing. Opened only: a password is not read
// before it is needed. Checked here so that --check-config finds what the start would.
std::optional<std::string> unreadable(const fs::path& file) {
  const std::string shown = printable_excerpt(file.string(), 256);
  std::error_code error;
  const fs::file_status status = fs::status(file, error);
  if (error) return fmt::format("cannot read {}: {}", shown, error.message());
  if (fs::is_directory(status)) return fmt::format("{} is a directory, not a file", shown);
  // A FIFO or a device could block or never end.
  if (!fs::is_regular_file(status)) return fmt::format("{} is not a regular file", shown);
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fmt::format("cannot read {}: {}", shown, std::generic_category().message(errno));
  ::close(fd);
  return std::nullopt;
}

void read_mqtt(TableReader& reader, Mqtt& mqtt, const fs::path& base) {
  const std::optional<std::string> uri = read_broker(reader, mqtt);
  if (auto client_id = reader.string("client_id")) mqtt.client_id = std::move(*client_id);
  if (auto username = reader.string("username")) mqtt.username = std::move(*username);
  if (auto path = read_path(reader, "password_file", base)) {
    if (auto problem = unreadable(*path)) reader.error("password_file", std::move(*problem));
    mqtt.password_file = std::move(*path);
    if (mqtt.username.empty())
      reader.error("password_file",
                   "needs a username: MQTT sends a password only together with a user name");
  }
  if (reader.get("password"))
    reader.error("password",
                 "passwords do not belong in the config file; put it in a file of its own and "
                 "set password_file");
  if (auto keepalive = read_seconds(reader, "keepalive", std::chrono::seconds(1), kMaxKeepalive))
    mqtt.keepalive = *keepalive;
  if (auto qos = reader.integer("qos", 0, 2)) mqtt.qos = static_cast<int>(*qos);
  if (auto protocol = reader.integer("protocol", 0, 255)) {
    if (*protocol == 3 || *protocol == 5)
      mqtt.protocol = static_cast<Protocol>(*protocol);
    else
      reader.error("protocol",
                   fmt::format("must be 3 (MQTT 3.1.1) or 5 (MQTT 5), got {}", *protocol));
  }
  if (auto clean_session = reader.boolean("clean_session")) mqtt.clean_session = *clean_session;
  if (auto expiry = read_seconds(reader, "session_expiry", Duration::zero(), kMaxSessionExpiry))
    mqtt.session_expiry = *expiry;
  if (auto buffer = reader.integer("offline_buffer", 0, kMaxOfflineBuffer))
    mqtt.offline_buffer = static_cast<std::size_t>(*buffer);
  if (auto tls = reader.table("tls")) read_tls(*tls, mqtt.tls, base, uri.value_or(""));
  reader.report_unknown_keys();
}

void read_gpio(TableReader& reader, Gpio& gpio, const fs::path& base) {
  const std::optional<BackendKind> backend = reader.choice<BackendKind>("backend", kBackends);
  if (backend) gpio.backend = *backend;
  if (auto chip = reader.string("chip")) {
    if (chip->empty())
      reader.error("chip", R"(must not be empty; use "auto", a chip label, a name or a path)");
    gpio.chip = std::move(*chip);
  }
  if (auto mock = reader.table("mock")) {
    if (auto sim_dir = read_path(*mock, "sim_dir", base)) {
      gpio.sim_dir = std::move(*sim_dir);
      // Only when the backend is known: a typo in it is reported once, above.
      const bool backend_known = backend || !reader.get("backend");
      if (backend_known && gpio.backend != BackendKind::mock)
        mock->error("sim_dir",
                    fmt::format(R"(only applies to backend = "mock"; with backend = "{}", )"
                                "leave it empty",
                                to_string(gpio.backend)));
    }
    mock->report_unknown_keys();
  }
  reader.report_unknown_keys();
}

std::optional<gpio::LineId> read_line(TableReader& reader) {
  const toml::node* node = reader.require("line");
  if (!node) return std::nullopt;
  if (auto offset = node->value_exact<std::int64_t>()) {
    if (*offset < 0 || *offset > kMaxLineOffset) {
      reader.error("line", fmt::format("line offset must be between 0 and {}, got {}",
                                       kMaxLineOffset, *offset));
      return std::nullopt;
    }
    return static_cast<unsigned>(*offset);
  }
  if (auto name = node->value_exact<std::string>()) {
    if (name->empty()) {
      reader.error(
          "line", R"(must not be empty; use an offset such as 17 or a line name such as "GPIO17")");
      return std::nullopt;
    }
    return std::move(*name);
  }
  reader.error("line",
               fmt::format("expected a line offset (integer) or a line name (string), got {}",
                           detail::type_name(*node)));
  return std::nullopt;
}

// Name and line, the parts every output and input has.
Entry read_entry(TableReader& reader, std::string kind) {
  reader.require("name");
  std::optional<std::string> name = read_name(reader);
  std::optional<gpio::LineId> line = read_line(reader);
  return Entry{std::move(kind), std::move(name), std::move(line), reader};
}

// homeassistant = { name = "...", device_class = "...", ... } in an [[output]] or [[input]].
void read_entity_overrides(TableReader& entry, HomeAssistantEntity& entity,
                           std::string_view component) {
  auto reader = entry.table("homeassistant");
  if (!reader) return;
  detail::read_entity_fields(*reader, entity, component);
  reader->report_unknown_keys();
}

void read_homeassistant(TableReader& reader, HomeAssistant& homeassistant) {
  if (auto discovery = reader.boolean("discovery")) homeassistant.discovery = *discovery;
  if (auto prefix = reader.string("prefix")) {
    if (auto problem = check_topic_prefix(*prefix)) reader.error("prefix", std::move(*problem));
    homeassistant.prefix = std::move(*prefix);
  }
  if (auto area = reader.string("area")) homeassistant.area = std::move(*area);
  reader.report_unknown_keys();
}

Output read_output(TableReader& reader, std::vector<Entry>& entries) {
  const Entry& entry = entries.emplace_back(read_entry(reader, "output"));
  Output output;
  output.name = entry.name.value_or("");
  output.line = entry.line.value_or(0U);
  if (auto active_low = reader.boolean("active_low")) output.active_low = *active_low;
  if (auto initial = reader.choice<Initial>("initial", kInitials)) output.initial = *initial;
  // max_on = "" is how the example file spells "no limit".
  if (!reader.holds("max_on", "")) {
    if (auto max_on = reader.duration("max_on")) {
      if (*max_on <= Duration::zero())
        reader.error("max_on", "must be greater than 0; leave it empty for no limit");
      output.max_on = *max_on;
    }
  }
  // interlock = "" is how the example file spells "no group".
  if (auto group = reader.string("interlock"); group && !group->empty()) {
    if (auto problem = check_name(*group)) reader.error("interlock", std::move(*problem));
    output.interlock = std::move(*group);
  }
  if (auto wait = reader.duration("interlock_wait")) {
    if (output.interlock.empty() && *wait > Duration::zero())
      reader.error("interlock_wait", "only applies with interlock = \"<group>\"");
    output.interlock_wait = *wait;
  }
  if (auto action = reader.choice<OnDisconnect>("on_disconnect", kOnDisconnect))
    output.on_disconnect = *action;
  if (auto grace = reader.duration("disconnect_grace")) output.disconnect_grace = *grace;
  if (auto action = reader.choice<OnShutdown>("shutdown", kOnShutdown)) output.shutdown = *action;
  read_entity_overrides(reader, output.homeassistant, "switch");
  reader.report_unknown_keys();
  return output;
}

Input read_input(TableReader& reader, std::vector<Entry>& entries) {
  const Entry& entry = entries.emplace_back(read_entry(reader, "input"));
  Input input;
  input.name = entry.name.value_or("");
  input.line = entry.line.value_or(0U);
  if (auto bias = reader.choice<gpio::Bias>("bias", kBiases)) input.bias = *bias;
  if (auto edge = reader.choice<gpio::Edge>("edge", kEdges)) input.edge = *edge;
  if (auto debounce = reader.duration("debounce")) input.debounce = *debounce;
  if (auto active_low = reader.boolean("active_low")) input.active_low = *active_low;
  detail::read_button(reader, input);
  read_entity_overrides(reader, input.homeassistant, "binary_sensor");
  reader.report_unknown_keys();
  return input;
}

Counter read_counter_entry(TableReader& reader, std::vector<Entry>& entries) {
  const Entry& entry = entries.emplace_back(read_entry(reader, "counter"));
  Counter counter{.name = entry.name.value_or(""), .line = entry.line.value_or(0U)};
  detail::read_counter(reader, counter);
  return counter;
}

// An interlock group needs two members, and no two members may start on together.
void check_interlocks(const std::vector<Output>& outputs, std::vector<TableReader>& readers) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (!outputs[i].interlock.empty()) groups[outputs[i].interlock].push_back(i);
  }
  for (const auto& [group, members] : groups) {
    if (members.size() == 1) {
      readers[members[0]].error(
          "interlock", fmt::format("interlock group {} has no other output; give at least two "
                                   "outputs the same group",
                                   printable_excerpt(group)));
    }
    std::optional<std::size_t> first_on;
    for (const std::size_t i : members) {
      if (outputs[i].initial != Initial::on) continue;
      if (first_on) {
        readers[i].error("initial",
                         fmt::format("output '{}' in interlock group {} already starts on",
                                     outputs[*first_on].name, printable_excerpt(group)));
      } else {
        first_on = i;
      }
    }
  }
}

Chat read_chat(TableReader& reader) {
  Chat chat;
  if (auto room = reader.string("room")) {
    // A room is a topic prefix as far as MQTT is concerned: the same rules apply.
    if (auto problem = check_topic_prefix(*room)) reader.error("room", std::move(*problem));
    chat.room = std::move(*room);
  } else {
    reader.require("room");
  }
  if (auto name = read_name(reader)) {
    // "@all" addresses every gateway in the room, so no gateway may be called that.
    if (*name == "all")
      reader.error("name", "'all' is reserved: '@all' addresses every gateway in the room");
    chat.name = std::move(*name);
  }
  if (auto allow = reader.strings("allow")) {
    for (const auto& sender : *allow) {
      if (auto problem = check_name(sender)) reader.error("allow", std::move(*problem));
    }
    chat.allow = std::move(*allow);
  }
  reader.report_unknown_keys();
  return chat;
}

// Names become topics and lines can be requested once: both must be unique across outputs,
// inputs and counters. In file order, so the later entry is the one reported.
void check_unique(std::vector<Entry>& entries) {
  const auto place = [](const Entry& entry) {
    return std::pair(entry.reader.position().line, entry.reader.position().column);
  };
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const Entry& a, const Entry& b) { return place(a) < place(b); });
  std::map<std::string, const Entry*> names;
  std::map<gpio::LineId, const Entry*> lines;
  for (Entry& entry : entries) {
    if (entry.name) {
      if (auto [other, fresh] = names.emplace(*entry.name, &entry); !fresh)
        entry.reader.error("name", fmt::format("name '{}' is already used by {}", *entry.name,
                                               other->second->reader.path()));
    }
    if (entry.line) {
      if (auto [other, fresh] = lines.emplace(*entry.line, &entry); !fresh)
        entry.reader.error(
            "line", fmt::format("line {} is already used by {}", gpio::to_string(*entry.line),
                                other->second->description()));
    }
  }
}

void fill_defaults(Config& config) {
  if (config.gateway.name.empty()) config.gateway.name = host_name();
  if (config.gateway.topic_prefix.empty())
    config.gateway.topic_prefix = "gpiogw/" + config.gateway.name;
  if (config.mqtt.client_id.empty()) config.mqtt.client_id = "gpiogw-" + config.gateway.name;
  if (config.chat && config.chat->name.empty()) config.chat->name = config.gateway.name;
}

Config read_config(const toml::table& root, Diagnostics& diagnostics, const fs::path& base) {
  Config config;
  TableReader top(root, "", diagnostics);
  if (auto gateway = top.table("gateway")) read_gateway(*gateway, config.gateway, base);
  if (auto mqtt = top.table("mqtt")) read_mqtt(*mqtt, config.mqtt, base);
  if (auto gpio = top.table("gpio")) read_gpio(*gpio, config.gpio, base);
  std::vector<Entry> entries;
  std::vector<TableReader> output_readers = top.tables("output");
  for (TableReader& output : output_readers) config.outputs.push_back(read_output(output, entries));
  check_interlocks(config.outputs, output_readers);
  for (TableReader& input : top.tables("input"))
    config.inputs.push_back(read_input(input, entries));
  for (TableReader& counter : top.tables("counter"))
    config.counters.push_back(read_counter_entry(counter, entries));
  if (auto chat = top.table("chat")) config.chat = read_chat(*chat);
  if (auto homeassistant = top.table("homeassistant"))
    read_homeassistant(*homeassistant, config.homeassistant);
  std::vector<TableReader> sensor_readers = top.tables("sensor");
  config.sensors = detail::read_sensors(sensor_readers, base);
  std::vector<TableReader> pwm_readers = top.tables("pwm");
  for (TableReader& pwm : pwm_readers) {
    config.pwms.push_back(detail::read_pwm(pwm));
    entries.push_back(Entry{
        "pwm",
        check_name(config.pwms.back().name) ? std::nullopt : std::optional(config.pwms.back().name),
        std::nullopt, pwm});
  }
  detail::check_pwm_channels(config.pwms, pwm_readers);
  for (TableReader& rule : top.tables("rule"))
    config.rules.push_back(detail::read_rule(rule, config));
  top.report_unknown_keys();
  check_unique(entries);
  fill_defaults(config);
  detail::check_sensor_topics(config, sensor_readers);
  return config;
}

// The whole file, or the OS's reason for not reading it.
std::variant<std::string, std::error_code> read_file(const fs::path& path) {
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  const std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) return std::error_code(errno, std::generic_category());
  std::string text;
  std::array<char, 4096> buffer;
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get()))
    text.append(buffer.data(), n);
  // Reading a directory fails here (EISDIR), not at fopen.
  if (std::ferror(file.get())) return std::error_code(errno, std::generic_category());
  return text;
}

}  // namespace

std::string Diagnostic::to_string() const {
  std::string place = file;
  if (line != 0) {
    if (!place.empty()) place += ':';
    place += column != 0 ? fmt::format("{}:{}", line, column) : fmt::format("{}", line);
  }
  std::string text;
  for (const std::string& part : {place, key, message}) {
    if (part.empty()) continue;
    if (!text.empty()) text += ": ";
    text += part;
  }
  return text;
}

LoadResult load_string(std::string_view toml_text, const std::string& source_name) {
  Diagnostics diagnostics(source_name);
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(source_name));
  } catch (const toml::parse_error& error) {
    // The parser stops at the first syntax error, so there is only ever one.
    diagnostics.add(error.source().begin, "", std::string(error.description()));
    return {std::nullopt, diagnostics.take()};
  }
  Config config = read_config(root, diagnostics, fs::path(source_name).parent_path());
  if (!diagnostics.empty()) return {std::nullopt, diagnostics.take()};
  config.source = source_name;
  return {std::move(config), {}};
}

LoadResult load_file(const fs::path& path) {
  auto text = read_file(path);
  if (auto* error = std::get_if<std::error_code>(&text))
    return {std::nullopt,
            {Diagnostic{path.string(), 0, 0, "",
                        fmt::format("cannot read the config file: {}", error->message())}}};
  return load_string(std::get<std::string>(text), path.string());
}

}  // namespace gpiogw::config
