#include "pwm_reader.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/base/text.hpp"

namespace gpiogw::config::detail {
namespace {

constexpr std::int64_t kMaxChannel = 1023;
constexpr std::array kComponents{PwmComponent::light, PwmComponent::fan, PwmComponent::number};
constexpr std::array kOnShutdown{OnShutdown::keep, OnShutdown::off};

struct Unit {
  std::string_view name;
  double scale;
};

// A number followed by one of `units` (blanks allowed between), e.g. "1.5 kHz".
std::optional<double> scaled_number(std::string_view text, std::span<const Unit> units,
                                    std::optional<double> bare_scale) {
  text = trim(text);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || !std::isfinite(value)) return std::nullopt;
  const std::string_view unit = trim(std::string_view(end, text.data() + text.size() - end));
  if (unit.empty()) return bare_scale ? std::optional(value * *bare_scale) : std::nullopt;
  for (const Unit& known : units) {
    if (equal_ignoring_case(unit, known.name)) return value * known.scale;
  }
  return std::nullopt;
}

std::variant<std::uint64_t, std::string> checked_period(double ns, std::string_view shown) {
  if (!(ns >= 1.0))
    return fmt::format(
        "{} is too fast: the kernel counts the period in whole nanoseconds (at "
        "most 1GHz)",
        shown);
  if (std::llround(ns) > static_cast<long long>(kMaxPeriodNs))
    return fmt::format("{} is too slow: the longest period the kernel takes is {}ns (about 4.3s)",
                       shown, kMaxPeriodNs);
  return static_cast<std::uint64_t>(std::llround(ns));
}

// A percent: 0..100, decimals allowed.
std::optional<double> read_percent(TableReader& reader, std::string_view key) {
  auto value = reader.number(key);
  if (value && (*value < 0 || *value > 100)) {
    reader.error(key, fmt::format("must be a percent between 0 and 100, got {}", *value));
    return std::nullopt;
  }
  return value;
}

void read_timing(TableReader& reader, Pwm& pwm) {
  const toml::node* frequency = reader.get("frequency");
  const toml::node* period = reader.get("period");
  if (frequency && period) {
    reader.error("period", "give frequency or period, not both");
    return;
  }
  if (frequency) {
    std::variant<std::uint64_t, std::string> ns = std::string("expected a frequency");
    if (const auto hz = frequency->value<double>(); hz && frequency->is_number()) {
      ns = *hz <= 0 ? std::string("must be greater than 0")
                    : checked_period(1e9 / *hz, fmt::format("{}Hz", *hz));
    } else if (const auto* text = frequency->as_string()) {
      ns = period_of_frequency(text->get());
    } else {
      ns = fmt::format("expected a frequency such as \"25kHz\", got {}", type_name(*frequency));
    }
    if (auto* problem = std::get_if<std::string>(&ns)) return reader.error("frequency", *problem);
    pwm.period_ns = std::get<std::uint64_t>(ns);
  } else if (auto text = reader.string("period")) {
    auto ns = parse_period(*text);
    if (auto* problem = std::get_if<std::string>(&ns)) return reader.error("period", *problem);
    pwm.period_ns = std::get<std::uint64_t>(ns);
  }
}

void read_range(TableReader& reader, Pwm& pwm) {
  if (auto min = read_percent(reader, "min")) pwm.min = *min;
  if (auto max = read_percent(reader, "max")) pwm.max = *max;
  if (pwm.max <= pwm.min)
    reader.error("max",
                 fmt::format("the duty range is empty or inverted: max ({}) must be greater than "
                             "min ({}); for a reversed output use invert = true",
                             pwm.max, pwm.min));
}

void read_safety(TableReader& reader, Pwm& pwm) {
  if (!reader.holds("max_on", "")) {
    if (auto max_on = reader.duration("max_on")) {
      if (*max_on <= Duration::zero())
        reader.error("max_on", "must be greater than 0; leave it empty for no limit");
      pwm.max_on = *max_on;
    }
  }
  if (reader.holds("on_disconnect", "keep")) {
    pwm.on_disconnect.reset();
  } else if (reader.holds("on_disconnect", "off")) {
    pwm.on_disconnect = 0.0;
  } else if (const toml::node* node = reader.get("on_disconnect"); node && !node->is_number()) {
    reader.error("on_disconnect",
                 fmt::format("expected \"keep\", \"off\" or a percent such as 20, got {}",
                             node->is_string() ? printable_excerpt(*node->value<std::string>())
                                               : std::string(type_name(*node))));
  } else if (auto percent = read_percent(reader, "on_disconnect")) {
    pwm.on_disconnect = *percent;
  }
  if (auto grace = reader.duration("disconnect_grace")) pwm.disconnect_grace = *grace;
  if (auto action = reader.choice<OnShutdown>("shutdown", kOnShutdown)) pwm.shutdown = *action;
}

void read_homeassistant(TableReader& entry, Pwm& pwm) {
  auto reader = entry.table("homeassistant");
  if (!reader) return;
  if (auto component = reader->choice<PwmComponent>("component", kComponents))
    pwm.component = *component;
  read_entity_fields(*reader, pwm.homeassistant, to_string(pwm.component));
  reader->report_unknown_keys();
}

}  // namespace

std::variant<std::uint64_t, std::string> period_of_frequency(std::string_view text) {
  static constexpr std::array<Unit, 4> kUnits{
      {{"Hz", 1}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}}};
  const auto hz = scaled_number(text, kUnits, 1.0);
  if (!hz)
    return fmt::format("{} is not a frequency such as \"25kHz\", \"50Hz\" or \"1MHz\"",
                       printable_excerpt(text));
  if (*hz <= 0) return std::string("must be greater than 0");
  return checked_period(1e9 / *hz, trim(text));
}

std::variant<std::uint64_t, std::string> parse_period(std::string_view text) {
  static constexpr std::array<Unit, 4> kUnits{{{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}}};
  const auto ns = scaled_number(text, kUnits, std::nullopt);
  if (!ns)
    return fmt::format("{} is not a period such as \"40us\", \"20ms\" or \"500ns\"",
                       printable_excerpt(text));
  if (*ns <= 0) return std::string("must be greater than 0");
  return checked_period(*ns, trim(text));
}

Pwm read_pwm(TableReader& reader) {
  Pwm pwm;
  reader.require("name");
  if (auto name = read_name(reader)) pwm.name = std::move(*name);
  if (auto chip = reader.string("chip")) {
    if (chip->empty())
      reader.error("chip", R"(must not be empty; use "auto", the chip's device name or pwmchipN)");
    pwm.chip = std::move(*chip);
  }
  if (auto channel = reader.integer("channel", 0, kMaxChannel))
    pwm.channel = static_cast<unsigned>(*channel);
  read_timing(reader, pwm);
  if (auto invert = reader.boolean("invert")) pwm.invert = *invert;
  if (reader.holds("initial", "restore")) {
    pwm.initial.reset();
  } else if (const toml::node* node = reader.get("initial"); node && node->is_string()) {
    reader.error("initial", fmt::format("expected a percent or \"restore\", got {}",
                                        printable_excerpt(*node->value<std::string>())));
  } else if (auto initial = read_percent(reader, "initial")) {
    pwm.initial = *initial;
  }
  read_range(reader, pwm);
  if (auto fade = reader.duration("fade")) pwm.fade = *fade;
  read_safety(reader, pwm);
  read_homeassistant(reader, pwm);
  reader.report_unknown_keys();
  return pwm;
}

void check_pwm_channels(const std::vector<Pwm>& pwms, std::vector<TableReader>& readers) {
  std::map<std::pair<std::string, unsigned>, std::size_t> used;
  for (std::size_t i = 0; i < pwms.size(); ++i) {
    // A channel that was refused (and so left at its default) has been reported already.
    const toml::node* channel = readers[i].get("channel");
    const auto number =
        channel ? channel->value_exact<std::int64_t>() : std::optional<std::int64_t>(0);
    if (!number || *number < 0 || *number > kMaxChannel) continue;
    const auto [other, fresh] = used.emplace(std::pair(pwms[i].chip, pwms[i].channel), i);
    if (!fresh)
      readers[i].error("channel",
                       fmt::format("channel {} of chip \"{}\" is already used by pwm "
                                   "'{}'",
                                   pwms[i].channel, pwms[i].chip, pwms[other->second].name));
  }
}

}  // namespace gpiogw::config::detail
