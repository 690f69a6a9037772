#include "gpiogw/config/duration.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>

#include "gpiogw/base/payload.hpp"

namespace gpiogw::config {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t ms;
};

// Largest first: a compound duration such as "1h30m" must follow this order.
constexpr std::array<Unit, 4> kUnits{{{"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};

// Decimals past nine can never be needed (an hour has 3.6e6 ms) and nine keep fraction * unit far
// from the int64 limit. The whole part is bounded by value, not by digits, so that whatever
// format_duration spells ("59999999m") parses back.
constexpr std::size_t kMaxDecimals = 9;
constexpr std::int64_t kMaxMs = std::chrono::milliseconds(kMaxDuration).count();

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::variant<std::chrono::milliseconds, std::string> parse_duration(std::string_view text) {
  if (text.empty()) return std::string(R"(empty duration; write e.g. "20ms", "1s" or "10m")");
  // The text may come from anyone (a pulse payload, a chat line): shown bounded and printable.
  const std::string shown = printable_excerpt(text);
  const auto not_a_duration = [&] {
    return fmt::format(
        R"({} is not a duration; write a number and a unit (ms, s, m, h), e.g. "20ms")", shown);
  };
  const auto too_long = [&] {
    return fmt::format("{} is too long; at most {}", shown, format_duration(kMaxDuration));
  };
  if (text.front() == '-') return fmt::format("{} is negative", shown);

  std::int64_t total = 0;
  std::size_t next_unit = 0;  // index into kUnits: units may only get smaller
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t int_start = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    const std::string_view int_digits = text.substr(int_start, pos - int_start);
    std::string_view frac_digits;
    if (pos < text.size() && text[pos] == '.') {
      const std::size_t frac_start = ++pos;
      while (pos < text.size() && is_digit(text[pos])) ++pos;
      frac_digits = text.substr(frac_start, pos - frac_start);
      if (frac_digits.empty()) return not_a_duration();
    }
    if (int_digits.empty()) return not_a_duration();
    if (frac_digits.size() > kMaxDecimals) return fmt::format("{} has too many decimals", shown);

    const std::size_t unit_start = pos;
    while (pos < text.size() && !is_digit(text[pos]) && text[pos] != '.') ++pos;
    const std::string_view unit_name = text.substr(unit_start, pos - unit_start);
    if (unit_name.empty()) return fmt::format("{} lacks a unit (ms, s, m or h)", shown);

    std::size_t unit = 0;
    while (unit < kUnits.size() && kUnits[unit].name != unit_name) ++unit;
    if (unit == kUnits.size())
      return fmt::format("{} has an unknown unit {}; use ms, s, m or h", shown,
                         printable_excerpt(unit_name, 16));
    if (unit < next_unit)
      return fmt::format("{}: units must go from largest to smallest, each at most once", shown);
    next_unit = unit + 1;

    std::int64_t whole = 0;
    for (char c : int_digits) {
      whole = whole * 10 + (c - '0');
      if (whole > kMaxMs / kUnits[unit].ms) return too_long();  // also keeps whole * 10 in range
    }
    std::int64_t fraction = 0;
    std::int64_t scale = 1;
    for (char c : frac_digits) {
      fraction = fraction * 10 + (c - '0');
      scale *= 10;
    }
    // The fraction must land on a whole millisecond: "1.5s" is fine, "1.5ms" is not.
    if (fraction * kUnits[unit].ms % scale != 0)
      return fmt::format("{} is finer than a millisecond", shown);
    total += whole * kUnits[unit].ms + fraction * kUnits[unit].ms / scale;
    if (total > kMaxMs) return too_long();
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds duration) {
  const std::int64_t ms = duration.count();
  if (ms == 0) return "0s";
  if (ms < 0) return fmt::format("-{}", format_duration(-duration));

  // Candidates, in order of preference when equally short: the compound spelling ("1h1s"), then
  // one unit with decimals, largest unit first ("1.5s"). Spellings below 1 ("0.5s") are skipped:
  // "500ms" reads better.
  std::string best;
  std::int64_t rest = ms;
  for (const Unit& unit : kUnits) {
    if (rest >= unit.ms) best += fmt::format("{}{}", rest / unit.ms, unit.name);
    rest %= unit.ms;
  }
  for (const Unit& unit : kUnits) {
    if (ms < unit.ms) continue;
    // The remainder spells exactly in decimals only if its reduced denominator is 2^a * 5^b.
    std::int64_t denominator = unit.ms / std::gcd(ms % unit.ms, unit.ms);
    int twos = 0;
    int fives = 0;
    for (; denominator % 2 == 0; denominator /= 2) ++twos;
    for (; denominator % 5 == 0; denominator /= 5) ++fives;
    if (denominator != 1) continue;  // e.g. 1ms in hours: 1/3600000 never ends
    const int decimals = std::max(twos, fives);
    std::string spelled = fmt::format("{}", ms / unit.ms);
    if (decimals > 0) {
      std::int64_t scale = 1;
      for (int i = 0; i < decimals; ++i) scale *= 10;
      spelled += fmt::format(".{:0{}}", ms % unit.ms * scale / unit.ms, decimals);
    }
    spelled += unit.name;
    if (spelled.size() < best.size()) best = std::move(spelled);
  }
  return best;
}

}  // namespace gpiogw::config
