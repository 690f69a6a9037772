#pragma once
// GPIO chips and their lines as the kernel (or the mock) reports them: plain values, no library
// types. They feed line lookup (line_lookup.hpp) and `gpiogw --list-lines`, so both work the same
// for every backend and can be tested without hardware.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gpiogw::gpio {

struct LineInfo {
  unsigned offset = 0;
  std::string name;      // empty: the line has no name
  bool used = false;     // requested by a process or claimed by a kernel driver
  std::string consumer;  // who holds it, if the kernel knows
};

struct ChipInfo {
  std::string name;             // "gpiochip0"
  std::string path;             // "/dev/gpiochip0"; empty for the mock
  std::string label;            // "pinctrl-bcm2711"
  std::vector<LineInfo> lines;  // every line, by offset
  std::string error;            // why the chip could not be opened; then only name and path hold

  bool usable() const { return error.empty(); }
};

// "gpiochip0 [pinctrl-bcm2711] offset 17 (GPIO17)": where a line is, for the log and messages.
std::string describe_line(const ChipInfo& chip, unsigned offset);

// What exists, for error messages: "chips present: gpiochip0 [pinctrl-bcm2711] 58 lines,
// gpiochip1 (cannot open: ...)", or why there is nothing at all.
std::string inventory(std::span<const ChipInfo> chips);

// The table `gpiogw --list-lines` prints: per chip a header, then per line its offset, name and
// whether it is free or in use and by whom. `automatic` marks the chip `chip = "auto"` picks.
std::string format_line_listing(std::span<const ChipInfo> chips,
                                std::optional<std::size_t> automatic);

}  // namespace gpiogw::gpio
