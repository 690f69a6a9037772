#include "counter_reader.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "gpiogw/config/duration.hpp"
#include "gpiogw/config/homeassistant_schema.hpp"
#include "gpiogw/config/rate_unit.hpp"

namespace gpiogw::config::detail {
namespace {

constexpr std::array kBiases{gpio::Bias::as_is, gpio::Bias::disabled, gpio::Bias::pull_up,
                             gpio::Bias::pull_down};
constexpr std::array kEdges{gpio::Edge::rising, gpio::Edge::falling, gpio::Edge::both};
constexpr std::array kMeters{MeterClass::water, MeterClass::gas, MeterClass::energy,
                             MeterClass::none};
constexpr int kMaxDigits = 6;
constexpr Duration kMinInterval = std::chrono::milliseconds(100);

// A positive duration of at least `min`.
void read_period(TableReader& reader, std::string_view key, Duration min, Duration& period) {
  const auto value = reader.duration(key);
  if (!value) return;
  if (*value < min) {
    reader.error(key, fmt::format("must be at least {}, got {}", format_duration(min),
                                  format_duration(*value)));
    return;
  }
  period = *value;
}

void read_homeassistant(TableReader& entry, Counter& counter) {
  auto reader = entry.table("homeassistant");
  if (!reader) return;
  if (auto meter = reader->choice<MeterClass>("device_class", kMeters)) counter.meter = *meter;
  if (auto name = reader->string("name")) counter.ha_name = std::move(*name);
  if (auto icon = reader->string("icon")) {
    if (auto problem = homeassistant_schema::check_icon(*icon))
      reader->error("icon", std::move(*problem));
    counter.ha_icon = std::move(*icon);
  }
  reader->report_unknown_keys();
}

}  // namespace

void read_counter(TableReader& reader, Counter& counter) {
  if (auto bias = reader.choice<gpio::Bias>("bias", kBiases)) counter.bias = *bias;
  if (auto active_low = reader.boolean("active_low")) counter.active_low = *active_low;
  if (auto edge = reader.choice<gpio::Edge>("edge", kEdges)) counter.edge = *edge;
  if (auto debounce = reader.duration("debounce")) counter.debounce = *debounce;
  if (auto per_pulse = reader.number("per_pulse")) {
    if (*per_pulse > 0) {
      counter.per_pulse = *per_pulse;
    } else {
      reader.error("per_pulse",
                   fmt::format("must be greater than 0 (units per pulse), got {}", *per_pulse));
    }
  }
  if (auto unit = reader.string("unit")) counter.unit = std::move(*unit);
  counter.digits = decimals_of(counter.per_pulse);
  if (auto digits = reader.integer("digits", 0, kMaxDigits))
    counter.digits = static_cast<int>(*digits);
  read_period(reader, "interval", kMinInterval, counter.interval);
  if (auto rate_unit = reader.string("rate_unit"); rate_unit && !rate_unit->empty()) {
    const auto scale = rate_scale(counter.per_pulse, counter.unit, *rate_unit);
    if (const auto* problem = std::get_if<std::string>(&scale)) {
      reader.error("rate_unit", *problem);
    } else {
      counter.rate_scale = std::get<double>(scale);
    }
    counter.rate_unit = std::move(*rate_unit);
  }
  if (auto digits = reader.integer("rate_digits", 0, kMaxDigits))
    counter.rate_digits = static_cast<int>(*digits);
  read_period(reader, "rate_timeout", kMinInterval, counter.rate_timeout);
  if (counter.rate_unit.empty()) {
    for (const std::string_view key : {"rate_digits", "rate_timeout"}) {
      if (reader.get(key)) reader.error(key, "only applies with a rate_unit");
    }
  }
  read_homeassistant(reader, counter);
  reader.report_unknown_keys();
}

}  // namespace gpiogw::config::detail
