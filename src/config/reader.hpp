#pragma once
// Typed access to the tables of a parsed TOML document, for the loader. Every getter turns a
// wrong type or a bad value into a Diagnostic and remembers the key, so that a table's
// report_unknown_keys() can name every key that nothing asked for.

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/config/config.hpp"
#include "gpiogw/config/loader.hpp"

namespace gpiogw::config::detail {

// The errors found in one file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void add(const toml::source_position& where, std::string key, std::string message);
  bool empty() const { return errors_.empty(); }
  // Sorted by position in the file.
  std::vector<Diagnostic> take();

 private:
  std::string file_;
  std::vector<Diagnostic> errors_;
};

// "an integer", "a string", ... for messages such as "expected an integer, got a string".
std::string_view type_name(const toml::node& node);

class TableReader {
 public:
  // `path` is the table's key path, e.g. "mqtt.tls" or "output[1]"; empty for the root.
  TableReader(const toml::table& table, std::string path, Diagnostics& diagnostics)
      : table_(&table), path_(std::move(path)), diagnostics_(&diagnostics) {}

  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const;
  // Where the table starts, e.g. its [[output]] header.
  toml::source_position position() const { return table_->source().begin; }

  // The raw value, or nullptr when absent. Like every getter, marks the key as known.
  const toml::node* get(std::string_view key);
  // As get(), but reports a missing key.
  const toml::node* require(std::string_view key);
  // True when the key holds exactly this string; for values with a meaning of their own.
  bool holds(std::string_view key, std::string_view text);

  // Each getter returns nothing when the key is absent or its value is bad (then reported).
  std::optional<std::string> string(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  // An array of strings; a wrong element is reported at the element, and the array dropped.
  std::optional<std::vector<std::string>> strings(std::string_view key);
  // A string, or an array of strings; each with its own place, so that a problem with one element
  // is reported at that element (error_at). An empty array is reported.
  struct Element {
    std::string text;
    std::string path;  // "mqtt.uri", or "mqtt.uri[1]" for an array's element
    toml::source_position where;
  };
  std::optional<std::vector<Element>> one_or_more_strings(std::string_view key);
  void error_at(const Element& element, std::string message);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
  // An integer or a finite float.
  std::optional<double> number(std::string_view key);
  std::optional<Duration> duration(std::string_view key);
  std::optional<TableReader> table(std::string_view key);
  // The elements of an array of tables ([[output]]), each read by its own reader.
  std::vector<TableReader> tables(std::string_view key);

  // One of a fixed set of values, spelled as to_string(value) spells it.
  template <class Enum>
  std::optional<Enum> choice(std::string_view key, std::span<const Enum> values) {
    std::vector<std::string_view> names;
    for (Enum value : values) names.push_back(to_string(value));
    const std::optional<std::size_t> index = choice_index(key, names);
    return index ? std::optional<Enum>(values[*index]) : std::nullopt;
  }

  // Reports a problem with the key's value (or with the table, when the key is absent).
  void error(std::string_view key, std::string message);
  // Reports every key that no getter asked for, suggesting the closest known key.
  void report_unknown_keys();

 private:
  std::optional<std::size_t> choice_index(std::string_view key,
                                          std::span<const std::string_view> names);
  void type_error(std::string_view key, std::string_view expected, const toml::node& got);

  const toml::table* table_;
  std::string path_;
  Diagnostics* diagnostics_;
  std::set<std::string, std::less<>> known_;
};

// A path; relative ones are resolved against `base` (the config file's folder). "" means not set.
std::optional<std::filesystem::path> read_path(TableReader& reader, std::string_view key,
                                               const std::filesystem::path& base);
// "unknown value "x"; expected one of: a, b (did you mean 'a'?)", `what` instead of "value".
std::string not_one_of(std::string_view value, std::span<const std::string_view> names,
                       std::string_view what = "value");
// The fields of an entry's homeassistant = { ... } table that every kind of entry has (name,
// device_class, icon, unit, entity_category), each checked against what HA's `component` accepts
// (config/homeassistant_schema.hpp); the caller reports the table's unknown keys.
void read_entity_fields(TableReader& reader, HomeAssistantEntity& entity,
                        std::string_view component);
// The entry's "name", checked by check_name().
std::optional<std::string> read_name(TableReader& reader);

}  // namespace gpiogw::config::detail
