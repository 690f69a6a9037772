#pragma once
// Durations in the config are strings with units: "250ms", "1s", "10m", "1h", "1m30s", "1.5s".

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace gpiogw::config {

// The longest duration accepted (114 years): every timer can hold it in steady_clock's
// nanoseconds, added to the current time, without overflow.
inline constexpr std::chrono::hours kMaxDuration{1'000'000};

// The parsed duration (0 to kMaxDuration), or a message saying what is wrong with the text.
std::variant<std::chrono::milliseconds, std::string> parse_duration(std::string_view text);

// The shortest exact spelling, e.g. 1500ms -> "1.5s", 600000ms -> "10m", for summaries and logs.
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace gpiogw::config
