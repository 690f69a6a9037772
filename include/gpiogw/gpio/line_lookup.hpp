#pragma once
// Which chip and offset each configured line gets: pure functions over a list of chip
// descriptions, shared by every backend and testable without hardware. Names rather than numbers
// survive the Raspberry Pi 5's renumbering: its header chip "pinctrl-rp1" has been gpiochip4,
// gpiochip0 and something else again on trixie, while its lines stay GPIO0..GPIO27.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "gpiogw/base/line.hpp"
#include "gpiogw/gpio/chip_info.hpp"

namespace gpiogw::gpio {

// The chip `chip = "auto"` means: the only usable chip whose label starts with "pinctrl-" (the
// SoC's header pins on every Raspberry Pi); nothing if there is none or more than one.
std::optional<std::size_t> find_auto_chip(std::span<const ChipInfo> chips);

// The index of the chip the config's `chip` names: "auto", a path, a name ("gpiochip0") or a
// label ("pinctrl-rp1"). Throws GpioError saying what exists when it is missing, ambiguous or
// cannot be opened.
std::size_t select_chip(std::string_view spec, std::span<const ChipInfo> chips);

struct LineLocation {
  std::size_t chip;  // index in the chip list
  unsigned offset;

  friend bool operator==(const LineLocation&, const LineLocation&) = default;
};

// Where each spec's line is, in the order of `specs`. An offset is on the `chosen` chip; a name is
// looked for on the chosen chip first, then on every chip. Throws GpioError naming the entry for
// an offset the chip lacks, a name no chip has (with a did-you-mean), a name that is on several
// chips (but not on the chosen one) or twice on one, and for one line wanted by two entries.
// The GpioError names every such problem, one a line; the first missing name adds the chips
// present.
std::vector<LineLocation> locate_lines(std::span<const LineSpec> specs,
                                       std::span<const ChipInfo> chips, std::size_t chosen);

// The lines of one chip, for backends that request a chip's lines together (libgpiod v2).
struct ChipLines {
  std::size_t chip;
  std::vector<std::size_t> lines;  // indices into the specs, in config order
};

// Groups located lines by chip, chips in the order their first line appears.
std::vector<ChipLines> group_by_chip(std::span<const LineLocation> locations);

}  // namespace gpiogw::gpio
