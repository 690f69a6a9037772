#include "reader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <variant>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/config/homeassistant_schema.hpp"
#include "gpiogw/config/rules.hpp"
#include "gpiogw/config/suggest.hpp"

namespace gpiogw::config::detail {

void Diagnostics::add(const toml::source_position& where, std::string key, std::string message) {
  errors_.push_back({file_, where.line, where.column, std::move(key), std::move(message)});
}

std::vector<Diagnostic> Diagnostics::take() {
  // Stable: problems found at one place keep the order in which they were found.
  std::stable_sort(errors_.begin(), errors_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return std::move(errors_);
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string TableReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

const toml::node* TableReader::get(std::string_view key) {
  known_.emplace(key);
  return table_->get(key);
}

const toml::node* TableReader::require(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) diagnostics_->add(position(), path_, fmt::format("missing required key '{}'", key));
  return node;
}

bool TableReader::holds(std::string_view key, std::string_view text) {
  const toml::node* node = get(key);
  return node && node->value_exact<std::string_view>() == text;
}

std::optional<std::string> TableReader::string(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* text = node->as_string()) return text->get();
  type_error(key, "a string", *node);
  return std::nullopt;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* value = node->as_boolean()) return value->get();
  type_error(key, "a boolean (true or false)", *node);
  return std::nullopt;
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) {
    type_error(key, "an array of strings", *node);
    return std::nullopt;
  }
  std::vector<std::string> texts;
  bool all_strings = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (const auto* text = element.as_string()) {
      texts.push_back(text->get());
    } else {
      diagnostics_->add(element.source().begin, fmt::format("{}[{}]", path_of(key), i),
                        fmt::format("expected a string, got {}", type_name(element)));
      all_strings = false;
    }
  }
  return all_strings ? std::optional(std::move(texts)) : std::nullopt;
}

std::optional<std::vector<TableReader::Element>> TableReader::one_or_more_strings(
    std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* text = node->as_string())
    return std::vector{Element{text->get(), path_of(key), node->source().begin}};
  const auto* array = node->as_array();
  if (!array) {
    type_error(key, "a string or an array of strings", *node);
    return std::nullopt;
  }
  if (array->empty()) {
    error(key, "must not be empty");
    return std::nullopt;
  }
  const std::optional<std::vector<std::string>> texts = strings(key);
  if (!texts) return std::nullopt;
  std::vector<Element> elements;
  for (std::size_t i = 0; i < texts->size(); ++i)
    elements.push_back(
        {(*texts)[i], fmt::format("{}[{}]", path_of(key), i), array->get(i)->source().begin});
  return elements;
}

void TableReader::error_at(const Element& element, std::string message) {
  diagnostics_->add(element.where, element.path, std::move(message));
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  const auto* value = node->as_integer();
  if (!value) {
    type_error(key, "an integer", *node);
    return std::nullopt;
  }
  if (value->get() < min || value->get() > max) {
    error(key, fmt::format("must be between {} and {}, got {}", min, max, value->get()));
    return std::nullopt;
  }
  return value->get();
}

std::optional<double> TableReader::number(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  const auto value = node->value<double>();
  if (!value || !node->is_number()) {
    type_error(key, "a number", *node);
    return std::nullopt;
  }
  // TOML spells inf and nan; no scale, offset or delta means anything with them.
  if (!std::isfinite(*value)) {
    error(key, fmt::format("must be a finite number, got {}", *value));
    return std::nullopt;
  }
  return *value;
}

std::optional<Duration> TableReader::duration(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  const auto* text = node->as_string();
  if (!text) {
    // A bare number has no unit, and guessing one (ms? s?) would be worse than asking.
    if (node->is_number())
      error(key, R"(durations are strings with a unit, e.g. "20ms")");
    else
      type_error(key, R"(a duration such as "20ms")", *node);
    return std::nullopt;
  }
  auto parsed = parse_duration(text->get());
  if (auto* problem = std::get_if<std::string>(&parsed)) {
    error(key, std::move(*problem));
    return std::nullopt;
  }
  return std::get<Duration>(parsed);
}

std::optional<TableReader> TableReader::table(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* table = node->as_table()) return TableReader(*table, path_of(key), *diagnostics_);
  type_error(key, "a table", *node);
  return std::nullopt;
}

std::vector<TableReader> TableReader::tables(std::string_view key) {
  std::vector<TableReader> readers;
  const toml::node* node = get(key);
  if (!node) return readers;
  const auto* array = node->as_array();
  if (!array) {
    type_error(key, fmt::format("an array of tables ([[{}]])", key), *node);
    return readers;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::string element_path = fmt::format("{}[{}]", path_of(key), i);
    if (const auto* table = element.as_table())
      readers.emplace_back(*table, element_path, *diagnostics_);
    else
      diagnostics_->add(element.source().begin, element_path,
                        fmt::format("expected a table, got {}", type_name(element)));
  }
  return readers;
}

void TableReader::error(std::string_view key, std::string message) {
  const toml::node* node = table_->get(key);
  diagnostics_->add(node ? node->source().begin : position(), path_of(key), std::move(message));
}

void TableReader::report_unknown_keys() {
  const std::vector<std::string_view> known(known_.begin(), known_.end());
  for (const auto& [key, value] : *table_) {
    if (known_.contains(key.str())) continue;
    std::string message = fmt::format("unknown key {}", printable_excerpt(key.str()));
    if (auto match = closest_match(key.str(), known))
      message += fmt::format(" (did you mean '{}'?)", *match);
    // Dotted keys made by the parser may carry no place of their own; their value does.
    const toml::source_position where =
        key.source().begin.line != 0 ? key.source().begin : value.source().begin;
    // A key like a name is shown in the key path as is; any other is shown by the message only.
    const bool plain = !check_name(key.str());
    diagnostics_->add(where, plain ? path_of(key.str()) : path_, std::move(message));
  }
}

std::optional<std::size_t> TableReader::choice_index(std::string_view key,
                                                     std::span<const std::string_view> names) {
  const std::optional<std::string> text = string(key);
  if (!text) return std::nullopt;
  const auto found = std::find(names.begin(), names.end(), *text);
  if (found != names.end()) return static_cast<std::size_t>(found - names.begin());
  error(key, not_one_of(*text, names));
  return std::nullopt;
}

void TableReader::type_error(std::string_view key, std::string_view expected,
                             const toml::node& got) {
  error(key, fmt::format("expected {}, got {}", expected, type_name(got)));
}

std::optional<std::filesystem::path> read_path(TableReader& reader, std::string_view key,
                                               const std::filesystem::path& base) {
  const std::optional<std::string> text = reader.string(key);
  if (!text || text->empty()) return std::nullopt;  // "" means not set, as in the example file
  const std::filesystem::path path(*text);
  // Relative to the config file, so that a config can sit next to its files.
  return path.is_relative() ? (base / path).lexically_normal() : path;
}

std::optional<std::string> read_name(TableReader& reader) {
  std::optional<std::string> name = reader.string("name");
  if (!name) return std::nullopt;
  if (auto problem = check_name(*name)) {
    reader.error("name", std::move(*problem));
    return std::nullopt;
  }
  return name;
}

std::string not_one_of(std::string_view value, std::span<const std::string_view> names,
                       std::string_view what) {
  // A long list (HA's sensor classes) would bury the message: the docs list it.
  constexpr std::size_t kListed = 30;
  std::string message =
      names.size() <= kListed
          ? fmt::format("unknown {} {}; expected one of: {}", what, printable_excerpt(value),
                        fmt::join(names, ", "))
          : fmt::format("unknown {} {}; see docs/homeassistant.md for the {} allowed", what,
                        printable_excerpt(value), names.size());
  if (auto match = closest_match(value, names))
    message += fmt::format(" (did you mean '{}'?)", *match);
  return message;
}

void read_entity_fields(TableReader& reader, HomeAssistantEntity& entity,
                        std::string_view component) {
  namespace schema = homeassistant_schema;
  if (auto name = reader.string("name")) entity.name = std::move(*name);
  if (auto icon = reader.string("icon")) {
    if (auto problem = schema::check_icon(*icon)) reader.error("icon", std::move(*problem));
    entity.icon = std::move(*icon);
  }
  if (auto device_class = reader.string("device_class"); device_class && !device_class->empty()) {
    const auto classes = schema::device_classes(component);
    if (classes.empty())
      reader.error("device_class", fmt::format("a {} has no device class", component));
    else if (std::ranges::find(classes, *device_class) == classes.end())
      reader.error("device_class",
                   not_one_of(*device_class, classes,
                              fmt::format("Home Assistant {} device class", component)));
    entity.device_class = std::move(*device_class);
  }
  if (auto unit = reader.string("unit"); unit && !unit->empty()) {
    if (!schema::takes_unit(component))
      reader.error("unit",
                   fmt::format("a {} has no unit; only a sensor or a number has one", component));
    entity.unit = std::move(*unit);
  }
  if (auto category = reader.string("entity_category"); category && !category->empty()) {
    const auto categories = schema::entity_categories(component);
    if (std::ranges::find(categories, *category) == categories.end())
      reader.error("entity_category",
                   not_one_of(*category, categories,
                              fmt::format("entity category for a Home Assistant {}", component)));
    entity.entity_category = std::move(*category);
  }
}

}  // namespace gpiogw::config::detail
