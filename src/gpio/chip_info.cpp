#include "gpiogw/gpio/chip_info.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace gpiogw::gpio {

std::string describe_line(const ChipInfo& chip, unsigned offset) {
  std::string text = fmt::format("{} [{}] offset {}", chip.name, chip.label, offset);
  if (offset < chip.lines.size() && !chip.lines[offset].name.empty()) {
    text += fmt::format(" ({})", chip.lines[offset].name);
  }
  return text;
}

std::string inventory(std::span<const ChipInfo> chips) {
  if (chips.empty()) {
    return "there are no GPIO chips at all (/dev/gpiochip* missing: no GPIO hardware or driver; "
           "on a PC use the mock backend)";
  }
  std::string text = "chips present:";
  for (const auto& chip : chips) {
    text += (&chip == &chips.front()) ? " " : ", ";
    if (chip.usable()) {
      text += fmt::format("{} [{}] {} lines", chip.name, chip.label, chip.lines.size());
    } else {
      text += fmt::format("{} (cannot open: {})", chip.name, chip.error);
    }
  }
  return text;
}

std::string format_line_listing(std::span<const ChipInfo> chips,
                                std::optional<std::size_t> automatic) {
  if (chips.empty()) return inventory(chips) + "\n";
  std::string text;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    const ChipInfo& chip = chips[i];
    const std::string path = chip.path.empty() ? "" : " " + chip.path;
    if (!chip.usable()) {
      text += fmt::format("{}{}: cannot open: {}\n", chip.name, path, chip.error);
      continue;
    }
    text += fmt::format("{} [{}]{}, {} lines{}\n", chip.name, chip.label, path, chip.lines.size(),
                        automatic == i ? "  <- chip = \"auto\"" : "");
    std::size_t width = 4;
    for (const auto& line : chip.lines) width = std::max(width, line.name.size());
    for (const auto& line : chip.lines) {
      std::string state = "free";
      if (line.used) {
        state = line.consumer.empty() ? "in use" : fmt::format("in use by \"{}\"", line.consumer);
      }
      text += fmt::format("  {:>6}  {:<{}}  {}\n", line.offset, line.name.empty() ? "-" : line.name,
                          width, state);
    }
  }
  return text;
}

}  // namespace gpiogw::gpio
