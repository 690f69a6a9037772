#include "gpiogw/config/rate_unit.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <optional>

namespace gpiogw::config {
namespace {

enum class Quantity { volume, energy };

struct KnownUnit {
  std::string_view name;
  Quantity quantity;
  double scale;  // in litres or watt-hours
};

constexpr std::array<KnownUnit, 11> kUnits{{{"m³", Quantity::volume, 1000.0},
                                            {"m3", Quantity::volume, 1000.0},
                                            {"L", Quantity::volume, 1.0},
                                            {"l", Quantity::volume, 1.0},
                                            {"mL", Quantity::volume, 0.001},
                                            {"gal", Quantity::volume, 3.785411784},
                                            {"ft³", Quantity::volume, 28.316846592},
                                            {"ft3", Quantity::volume, 28.316846592},
                                            {"Wh", Quantity::energy, 1.0},
                                            {"kWh", Quantity::energy, 1000.0},
                                            {"MWh", Quantity::energy, 1e6}}};

const KnownUnit* known(std::string_view name) {
  for (const auto& unit : kUnits) {
    if (unit.name == name) return &unit;
  }
  return nullptr;
}

std::optional<double> seconds_of(std::string_view time) {
  if (time == "s") return 1.0;
  if (time == "min") return 60.0;
  if (time == "h") return 3600.0;
  return std::nullopt;
}

}  // namespace

std::variant<double, std::string> rate_scale(double per_pulse, std::string_view unit,
                                             std::string_view rate_unit) {
  if (unit.empty()) unit = "pulses";
  std::string_view amount;
  std::string_view time;
  if (rate_unit == "W" || rate_unit == "kW") {
    amount = rate_unit == "W" ? "Wh" : "kWh";
    time = "h";
  } else if (const auto slash = rate_unit.rfind('/'); slash != std::string_view::npos) {
    amount = rate_unit.substr(0, slash);
    time = rate_unit.substr(slash + 1);
  } else {
    return fmt::format(
        "'{}' is not a rate; use <amount>/s, /min or /h (e.g. \"{}/min\"), or W or "
        "kW for energy",
        rate_unit, unit);
  }
  const auto seconds = seconds_of(time);
  if (!seconds) {
    return fmt::format("unknown time unit '{}' in '{}'; use s, min or h", time, rate_unit);
  }
  double factor = 1.0;
  if (amount != unit) {
    const KnownUnit* from = known(unit);
    const KnownUnit* to = known(amount);
    if (!from || !to || from->quantity != to->quantity) {
      return fmt::format("cannot convert the unit '{}' to '{}' of rate_unit '{}'", unit, amount,
                         rate_unit);
    }
    factor = from->scale / to->scale;
  }
  return per_pulse * factor * *seconds;
}

int decimals_of(double per_pulse) {
  constexpr int kMaxDecimals = 6;
  double scaled = per_pulse;
  for (int digits = 0; digits < kMaxDecimals; ++digits) {
    if (std::abs(scaled - std::round(scaled)) <= 1e-9 * std::max(1.0, std::abs(scaled))) {
      return digits;
    }
    scaled *= 10;
  }
  return kMaxDecimals;
}

}  // namespace gpiogw::config
