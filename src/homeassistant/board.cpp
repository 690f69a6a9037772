#include "gpiogw/homeassistant/board.hpp"

#include <algorithm>
#include <fstream>

namespace gpiogw::homeassistant {
namespace {

constexpr std::size_t kMaxLength = 128;

// A device tree string property: NUL-terminated. Bounded and printable ASCII, as it goes into
// every discovery config; anything else means it is no such string, and is left out.
std::string read_property(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  std::getline(in, text, '\0');
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  const bool printable =
      std::ranges::all_of(text, [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
  return printable && text.size() <= kMaxLength ? text : std::string();
}

}  // namespace

Board read_board(const std::filesystem::path& sysfs_root) {
  const auto base = sysfs_root / "firmware/devicetree/base";
  return {.model = read_property(base / "model"), .serial = read_property(base / "serial-number")};
}

}  // namespace gpiogw::homeassistant
