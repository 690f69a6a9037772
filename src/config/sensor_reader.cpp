#include "sensor_reader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <map>
#include <string_view>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/config/homeassistant_schema.hpp"
#include "gpiogw/config/rules.hpp"
#include "gpiogw/config/suggest.hpp"

namespace gpiogw::config::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kRandintLimit = 1'000'000'000;  // published through a double: stay exact
constexpr std::int64_t kMaxZone = 1023;
constexpr std::int64_t kMaxIioDevice = 1023;
constexpr int kMaxDigits = 6;
constexpr Duration kMinInterval = std::chrono::milliseconds(100);
constexpr int kDefaultSilenceIntervals = 10;

constexpr std::array<std::string_view, 5> kKinds{"randint", "cpu_temp", "ds18b20", "iio", "file"};

// The keys that belong to one kind only, so that a key of another kind gets a clear message.
struct KindKey {
  std::string_view key;
  std::string_view kind;
};
constexpr std::array<KindKey, 10> kKindKeys{{{"min", "randint"},
                                             {"max", "randint"},
                                             {"seed", "randint"},
                                             {"zone", "cpu_temp"},
                                             {"id", "ds18b20"},
                                             {"device", "iio"},
                                             {"channel", "iio"},
                                             {"path", "file"},
                                             {"scale", "file"},
                                             {"offset", "file"}}};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

RandintSensor read_randint(TableReader& reader) {
  RandintSensor randint;
  if (auto min = reader.integer("min", -kRandintLimit, kRandintLimit)) randint.min = *min;
  if (auto max = reader.integer("max", -kRandintLimit, kRandintLimit)) {
    randint.max = *max;
    if (randint.max < randint.min)
      reader.error("max",
                   fmt::format("must not be less than min ({}), got {}", randint.min, randint.max));
  }
  if (auto seed = reader.integer("seed", 0, UINT32_MAX))
    randint.seed = static_cast<std::uint32_t>(*seed);
  return randint;
}

CpuTempSensor read_cpu_temp(TableReader& reader) {
  CpuTempSensor cpu_temp;
  if (auto zone = reader.integer("zone", 0, kMaxZone)) cpu_temp.zone = static_cast<unsigned>(*zone);
  return cpu_temp;
}

// A 1-Wire id is the family code and the 48-bit serial number in hex: "28-0316a2798bff".
Ds18b20Sensor read_ds18b20(TableReader& reader) {
  Ds18b20Sensor ds18b20;
  if (auto id = reader.string("id")) {
    const bool valid = id->empty() || (id->size() == 15 && (*id)[2] == '-' &&
                                       std::all_of(id->begin(), id->begin() + 2, is_hex) &&
                                       std::all_of(id->begin() + 3, id->end(), is_hex));
    if (!valid)
      reader.error("id", fmt::format("{} is not a 1-Wire id such as \"28-0316a2798bff\" (two hex "
                                     "digits, '-', twelve hex digits, lower case); leave it empty "
                                     "for the first sensor found",
                                     printable_excerpt(*id)));
    ds18b20.id = std::move(*id);
  }
  return ds18b20;
}

IioSensor read_iio(TableReader& reader) {
  IioSensor iio;
  if (const toml::node* device = reader.require("device")) {
    if (auto index = device->value_exact<std::int64_t>()) {
      if (*index < 0 || *index > kMaxIioDevice)
        reader.error("device",
                     fmt::format("must be between 0 and {}, got {}", kMaxIioDevice, *index));
      iio.device = static_cast<unsigned>(*index);
    } else if (auto name = device->value_exact<std::string>(); name && !name->empty()) {
      iio.device = std::move(*name);
    } else {
      reader.error("device", fmt::format("expected a device index (iio:deviceN) or the device's "
                                         "name such as \"bme280\", got {}",
                                         name ? "an empty string" : type_name(*device)));
    }
  }
  reader.require("channel");
  if (auto channel = reader.string("channel")) {
    const bool valid = channel->starts_with("in_") && channel->size() > 3 &&
                       std::all_of(channel->begin(), channel->end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                       });
    if (!valid) {
      reader.error("channel", fmt::format("{} is not an input channel such as \"in_temp\" or "
                                          "\"in_humidityrelative\"",
                                          printable_excerpt(*channel)));
    } else {
      for (std::string_view suffix : {"_input", "_raw", "_scale", "_offset"}) {
        if (channel->ends_with(suffix))
          reader.error("channel", fmt::format("name the channel without its file's suffix: {}",
                                              printable_excerpt(std::string_view(*channel).substr(
                                                  0, channel->size() - suffix.size()))));
      }
    }
    iio.channel = std::move(*channel);
  }
  return iio;
}

FileSensor read_file(TableReader& reader, const fs::path& base) {
  FileSensor file;
  if (reader.require("path")) {
    if (auto path = read_path(reader, "path", base))
      file.path = std::move(*path);
    else if (reader.holds("path", ""))
      reader.error("path", "must not be empty: name the file that holds the number");
  }
  if (auto scale = reader.number("scale")) file.scale = *scale;
  if (auto offset = reader.number("offset")) file.offset = *offset;
  return file;
}

std::optional<SensorSource> read_source(TableReader& reader, const fs::path& base) {
  reader.require("kind");
  const std::optional<std::string> kind = reader.string("kind");
  if (kind && std::find(kKinds.begin(), kKinds.end(), *kind) == kKinds.end()) {
    std::string message = fmt::format("unknown kind {}; expected one of: {}",
                                      printable_excerpt(*kind), fmt::join(kKinds, ", "));
    if (auto match = closest_match(*kind, kKinds))
      message += fmt::format(" (did you mean '{}'?)", *match);
    reader.error("kind", std::move(message));
  }
  std::optional<SensorSource> source;
  if (kind == "randint") source = read_randint(reader);
  if (kind == "cpu_temp") source = read_cpu_temp(reader);
  if (kind == "ds18b20") source = read_ds18b20(reader);
  if (kind == "iio") source = read_iio(reader);
  if (kind == "file") source = read_file(reader, base);
  for (const auto& [key, owner] : kKindKeys) {
    // Without a valid kind, nothing can be said about the kind's keys.
    if (reader.get(key) && source && owner != *kind)
      reader.error(key, fmt::format(R"(only applies to kind = "{}", not "{}")", owner, *kind));
  }
  return source;
}

void read_change_filter(TableReader& reader, Sensor& sensor) {
  if (auto min_delta = reader.number("min_delta")) {
    if (*min_delta < 0)
      reader.error("min_delta", fmt::format("must not be negative, got {}", *min_delta));
    sensor.min_delta = *min_delta;
  }
  if (auto max_silence = reader.duration("max_silence")) {
    if (!sensor.min_delta)
      reader.error("max_silence",
                   "only applies with min_delta: without it every reading is published");
    else if (*max_silence < sensor.interval)
      reader.error("max_silence",
                   fmt::format("must not be shorter than the interval ({}), got {}",
                               format_duration(sensor.interval), format_duration(*max_silence)));
    sensor.max_silence = *max_silence;
  } else if (sensor.min_delta) {
    sensor.max_silence = sensor.interval * kDefaultSilenceIntervals;
  }
}

void read_homeassistant(TableReader& entry, Sensor& sensor) {
  auto reader = entry.table("homeassistant");
  if (!reader) return;
  read_entity_fields(*reader, sensor.homeassistant, "sensor");
  const auto classes = homeassistant_schema::state_classes();
  if (auto state_class = reader->string("state_class")) {
    if (std::ranges::find(classes, *state_class) == classes.end())
      reader->error("state_class", not_one_of(*state_class, classes, "state class"));
    sensor.state_class = std::move(*state_class);
  }
  reader->report_unknown_keys();
}

Sensor read_sensor(TableReader& reader, const fs::path& base) {
  Sensor sensor;
  reader.require("name");
  sensor.name = read_name(reader).value_or("");
  if (auto source = read_source(reader, base)) sensor.source = std::move(*source);
  if (auto interval = reader.duration("interval")) {
    if (*interval < kMinInterval)
      reader.error("interval",
                   fmt::format("must be at least {}, got {}", format_duration(kMinInterval),
                               format_duration(*interval)));
    else
      sensor.interval = *interval;
  }
  // topic = "" is how the example file spells "the default topic".
  if (auto topic = reader.string("topic"); topic && !topic->empty()) {
    if (auto problem = check_topic(*topic)) reader.error("topic", std::move(*problem));
    sensor.topic = std::move(*topic);
  }
  if (auto digits = reader.integer("digits", 0, kMaxDigits))
    sensor.digits = static_cast<int>(*digits);
  if (auto retain = reader.boolean("retain")) sensor.retain = *retain;
  read_change_filter(reader, sensor);
  read_homeassistant(reader, sensor);
  reader.report_unknown_keys();
  return sensor;
}

}  // namespace

std::vector<Sensor> read_sensors(std::vector<TableReader>& readers, const fs::path& base) {
  std::vector<Sensor> sensors;
  std::map<std::string, std::string> names;   // name -> key path of its first entry
  std::map<std::string, std::string> topics;  // explicit topic -> key path of its first entry
  for (TableReader& reader : readers) {
    Sensor& sensor = sensors.emplace_back(read_sensor(reader, base));
    if (!sensor.name.empty()) {
      if (auto [first, fresh] = names.emplace(sensor.name, reader.path()); !fresh)
        reader.error("name",
                     fmt::format("name '{}' is already used by {}", sensor.name, first->second));
    }
    if (!sensor.topic.empty()) {
      if (auto [first, fresh] = topics.emplace(sensor.topic, reader.path()); !fresh)
        reader.error("topic", fmt::format("topic {} is already used by {}",
                                          printable_excerpt(sensor.topic), first->second));
    }
  }
  return sensors;
}

}  // namespace gpiogw::config::detail
