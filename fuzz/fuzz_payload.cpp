// Fuzz target: what arrives on an output's command topic (parse_switch_command) and how it is shown
// in the log (printable_excerpt). Any bytes may arrive from the broker.

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/base/text.hpp"

using gpiogw::fuzz::require;

namespace {

void check_command(std::string_view payload) {
  const auto command = gpiogw::parse_switch_command(payload);
  // Case and surrounding blanks never change the meaning.
  std::string upper(payload);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  require(gpiogw::parse_switch_command(upper) == command, "case-insensitive");
  require(gpiogw::parse_switch_command(gpiogw::trim(payload)) == command, "blanks ignored");
  if (command) require(gpiogw::trim(payload).size() <= 6, "only short words are commands");
}

void check_excerpt(std::string_view payload, std::size_t limit) {
  const std::string shown = gpiogw::printable_excerpt(payload, limit);
  require(shown.size() >= 2 && shown.front() == '"', "quoted");
  for (const char c : shown) require(c >= 0x20 && c < 0x7F, "printable ASCII only");
  const std::size_t kept = std::min(payload.size(), limit);
  // Each byte takes at most 4 ("\xNN"), plus the quotes and "... (N bytes)".
  require(shown.size() <= 2 + 4 * kept + 32, "bounded length");
  if (payload.size() > limit) require(shown.ends_with(" bytes)"), "truncation is marked");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  check_command(payload);
  // The first byte also picks a limit, so short and long limits are both explored.
  const std::size_t limit = size > 0 ? data[0] % 80 : 64;
  check_excerpt(payload, limit);
  return 0;
}
