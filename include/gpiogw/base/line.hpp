#pragma once
// Plain values that describe a GPIO line request; shared by the config and every backend.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace gpiogw::gpio {

enum class Direction { input, output };
enum class Bias { as_is, disabled, pull_up, pull_down };
enum class Edge { none, rising, falling, both };

// A line is named in the config by its offset on the chip or by its name ("GPIO17").
using LineId = std::variant<unsigned, std::string>;

std::string to_string(const LineId& line);        // "17" or "GPIO17"
std::string_view to_string(Direction direction);  // "input" / "output", as the config's tables
std::string_view to_string(Bias bias);            // the config words: "as-is", "pull-up", ...
std::string_view to_string(Edge edge);            // "none", "rising", "falling", "both"

struct LineSpec {
  std::string name;  // the config entry's name, used in messages
  LineId line;
  Direction direction = Direction::input;
  bool active_low = false;  // handled in the request: every value above the backend is logical
  Bias bias = Bias::as_is;
  Edge edge = Edge::none;  // inputs only
  // Inputs only: the settle time for backends that debounce themselves (Backend::debounces()).
  std::chrono::microseconds debounce{0};
  bool initial = false;  // outputs only: logical value set in the request itself (no glitch)

  bool operator==(const LineSpec&) const = default;
};

struct EdgeEvent {
  std::size_t index;  // position of the line in the request
  bool rising;        // logical edge: inactive -> active
  // Events of this line the kernel dropped just before this one (its queue overflowed), as the
  // gap in libgpiod v2's sequence numbers shows; 0 where events are not numbered (v1).
  std::uint64_t lost = 0;
};

// Whether a line configured with `edge` reports a logical edge in that direction.
constexpr bool edge_matches(Edge edge, bool rising) {
  return edge == Edge::both || edge == (rising ? Edge::rising : Edge::falling);
}

// How many edge events went missing between two sequence numbers the kernel gave one line
// (libgpiod v2 numbers each line's events 1, 2, 3, ...; 0 stands for "none seen yet").
constexpr std::uint64_t events_lost(std::uint64_t previous_seqno, std::uint64_t seqno) {
  return seqno > previous_seqno + 1 ? seqno - previous_seqno - 1 : 0;
}

}  // namespace gpiogw::gpio
