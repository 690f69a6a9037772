// Fuzz target: durations as written in the config and in chat commands (parse_duration), and
// their spelling in summaries and replies (format_duration): whatever parses must format to text
// that parses back to the same value.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "check.hpp"
#include "gpiogw/config/duration.hpp"

using gpiogw::config::format_duration;
using gpiogw::config::parse_duration;
using gpiogw::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_duration(text);
  if (const auto* problem = std::get_if<std::string>(&parsed)) {
    require(!problem->empty(), "a refusal says why");
    // It quotes the text, which may be anyone's (a pulse payload): bounded and printable.
    require(problem->size() < 400, "a refusal is bounded whatever the input's length");
    for (const char c : *problem) {
      const auto byte = static_cast<unsigned char>(c);
      require(byte >= 0x20 && byte < 0x7f, "a refusal is printable ASCII");
    }
    return 0;
  }
  const auto duration = std::get<std::chrono::milliseconds>(parsed);
  require(duration.count() >= 0, "never negative");
  const std::string spelled = format_duration(duration);
  const auto again = parse_duration(spelled);
  require(std::holds_alternative<std::chrono::milliseconds>(again), "format output parses");
  require(std::get<std::chrono::milliseconds>(again) == duration, "round trip keeps the value");
  return 0;
}
