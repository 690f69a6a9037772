#include "gpiogw/gpio/line_lookup.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/suggest.hpp"
#include "gpiogw/gpio/backend.hpp"

namespace gpiogw::gpio {
namespace {

std::vector<std::size_t> pinctrl_chips(std::span<const ChipInfo> chips) {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    if (chips[i].usable() && chips[i].label.starts_with("pinctrl-")) found.push_back(i);
  }
  return found;
}

// "gpiochip0 [pinctrl-a], gpiochip1 [pinctrl-b]"
std::string chip_names(std::span<const ChipInfo> chips, std::span<const std::size_t> indices) {
  std::string text;
  for (const auto i : indices) {
    if (!text.empty()) text += ", ";
    text += fmt::format("{} [{}]", chips[i].name, chips[i].label);
  }
  return text;
}

std::vector<ChipInfo> without(std::span<const ChipInfo> chips, std::size_t skipped) {
  std::vector<ChipInfo> rest;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    if (i != skipped) rest.push_back(chips[i]);
  }
  return rest;
}

std::vector<unsigned> offsets_named(const ChipInfo& chip, std::string_view name) {
  std::vector<unsigned> offsets;
  for (const auto& line : chip.lines) {
    if (line.name == name) offsets.push_back(line.offset);
  }
  return offsets;
}

// Every line called `name`: on the chosen chip if it has any, else on all usable chips.
std::vector<LineLocation> places_named(std::string_view name, std::span<const ChipInfo> chips,
                                       std::size_t chosen) {
  std::vector<LineLocation> places;
  for (const auto offset : offsets_named(chips[chosen], name)) places.push_back({chosen, offset});
  if (!places.empty()) return places;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    if (i == chosen || !chips[i].usable()) continue;
    for (const auto offset : offsets_named(chips[i], name)) places.push_back({i, offset});
  }
  return places;
}

// Without the inventory: locate_lines() adds it once, however many names are missing.
std::string no_such_name(std::string_view name, std::span<const ChipInfo> chips) {
  std::vector<std::string_view> names;
  for (const auto& chip : chips) {
    for (const auto& line : chip.lines) {
      if (!line.name.empty()) names.push_back(line.name);
    }
  }
  std::string text = fmt::format("no line named {} on any chip", printable_excerpt(name));
  if (const auto guess = config::closest_match(name, names)) {
    text += fmt::format(" (did you mean \"{}\"?)", *guess);
  }
  return text;
}

struct Problem {
  std::string text;
  bool missing_name = false;  // then the chips present help
};

// The spec's line, or what is wrong with it.
std::variant<LineLocation, Problem> locate(const LineSpec& spec, std::span<const ChipInfo> chips,
                                           std::size_t chosen) {
  const auto kind = to_string(spec.direction);
  if (const auto* offset = std::get_if<unsigned>(&spec.line)) {
    const ChipInfo& chip = chips[chosen];
    if (*offset >= chip.lines.size()) {
      return Problem{fmt::format("{} '{}': line {} does not exist on {} [{}] ({})", kind, spec.name,
                                 *offset, chip.name, chip.label,
                                 chip.lines.empty()
                                     ? std::string("it has no lines")
                                     : fmt::format("offsets 0..{}", chip.lines.size() - 1))};
    }
    return LineLocation{chosen, *offset};
  }
  const auto& name = std::get<std::string>(spec.line);
  const auto places = places_named(name, chips, chosen);
  if (places.empty())
    return Problem{fmt::format("{} '{}': {}", kind, spec.name, no_such_name(name, chips)), true};
  if (places.size() > 1) {
    std::string where;
    for (const auto& place : places) {
      where += where.empty() ? "" : " and ";
      where += describe_line(chips[place.chip], place.offset);
    }
    return Problem{fmt::format(
        "{} '{}': line name {} is ambiguous, it is on {}; give the offset instead (line = "
        "{}) and, if needed, set [gpio] chip",
        kind, spec.name, printable_excerpt(name), where, places.front().offset)};
  }
  return places.front();
}

}  // namespace

std::optional<std::size_t> find_auto_chip(std::span<const ChipInfo> chips) {
  const auto found = pinctrl_chips(chips);
  if (found.size() != 1) return std::nullopt;
  return found.front();
}

std::size_t select_chip(std::string_view spec, std::span<const ChipInfo> chips) {
  if (spec == "auto") {
    const auto found = pinctrl_chips(chips);
    if (found.size() == 1) return found.front();
    if (found.empty()) {
      throw GpioError(
          fmt::format("GPIO chip \"auto\": no chip labelled pinctrl-*; {}", inventory(chips)));
    }
    throw GpioError(fmt::format(
        "GPIO chip \"auto\": several chips are labelled pinctrl-* ({}); set [gpio] chip to the "
        "label of the one you mean",
        chip_names(chips, found)));
  }
  std::vector<std::size_t> matches;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    const ChipInfo& chip = chips[i];
    if (chip.path == spec || chip.name == spec || (chip.usable() && chip.label == spec)) {
      matches.push_back(i);
    }
  }
  if (matches.empty()) {
    throw GpioError(fmt::format("GPIO chip {}: no chip with that name or label; {}",
                                printable_excerpt(spec), inventory(chips)));
  }
  if (matches.size() > 1) {
    throw GpioError(fmt::format(
        "GPIO chip {}: several chips have that label ({}); set [gpio] chip to a name or path",
        printable_excerpt(spec), chip_names(chips, matches)));
  }
  const std::size_t index = matches.front();
  if (!chips[index].usable()) {
    throw GpioError(fmt::format("GPIO chip {}: cannot open: {}; {}", printable_excerpt(spec),
                                chips[index].error, inventory(without(chips, index))));
  }
  return index;
}

std::vector<LineLocation> locate_lines(std::span<const LineSpec> specs,
                                       std::span<const ChipInfo> chips, std::size_t chosen) {
  // Every problem at once: fixing one name per start would take a start per name.
  std::vector<std::string> problems;
  std::optional<std::size_t> first_missing_name;  // gets the chips present, once
  std::vector<LineLocation> locations;
  std::map<std::pair<std::size_t, unsigned>, const LineSpec*> taken;
  for (const auto& spec : specs) {
    auto located = locate(spec, chips, chosen);
    if (auto* problem = std::get_if<Problem>(&located)) {
      if (problem->missing_name && !first_missing_name) first_missing_name = problems.size();
      problems.push_back(std::move(problem->text));
      continue;
    }
    const auto location = std::get<LineLocation>(located);
    if (const auto [it, fresh] = taken.emplace(std::pair(location.chip, location.offset), &spec);
        !fresh) {
      problems.push_back(fmt::format("line {} on {} requested twice: by '{}' and '{}'",
                                     location.offset, chips[location.chip].name, it->second->name,
                                     spec.name));
    }
    locations.push_back(location);
  }
  if (problems.empty()) return locations;
  if (first_missing_name) problems[*first_missing_name] += "; " + inventory(chips);
  throw GpioError(fmt::format("{}", fmt::join(problems, "\n")));
}

std::vector<ChipLines> group_by_chip(std::span<const LineLocation> locations) {
  std::vector<ChipLines> groups;
  for (std::size_t i = 0; i < locations.size(); ++i) {
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const ChipLines& g) { return g.chip == locations[i].chip; });
    if (group == groups.end())
      group = groups.insert(groups.end(), ChipLines{locations[i].chip, {}});
    group->lines.push_back(i);
  }
  return groups;
}

}  // namespace gpiogw::gpio
