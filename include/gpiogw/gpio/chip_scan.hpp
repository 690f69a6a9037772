#pragma once
// Finding the GPIO character devices. libgpiod v2 opens chips only by path, and v1's own chip
// iterator gives up on every chip as soon as one cannot be opened, so both backends scan /dev
// themselves with this and describe each device with their library.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/gpio/chip_info.hpp"

namespace gpiogw::gpio {

// The gpiochipN entries of `dev_dir`, in chip number order (gpiochip2 before gpiochip10).
std::vector<std::filesystem::path> find_chip_devices(const std::filesystem::path& dev_dir);

// Opens the chip at a path and reads its lines; a chip that cannot be opened comes back with
// `error` set (never throws).
using DescribeChip = std::function<ChipInfo(const std::string& path)>;

// Every chip in `dev_dir`, described. When `spec` (the config's chip) is a path to anything else
// (a symlink such as /dev/gpiochip-header, or not a chip at all), that is described too: as the
// chip it leads to, under the path as written, or as one more entry that carries the error.
std::vector<ChipInfo> collect_chips(std::string_view spec, const DescribeChip& describe,
                                    const std::filesystem::path& dev_dir = "/dev");

// The frame of a DescribeChip: name and path come from `path`; `read` fills in the rest from the
// library and may throw std::system_error, which becomes the chip's `error`.
ChipInfo describe_chip_with(const std::string& path, const std::function<void(ChipInfo&)>& read);

// Every chip, and the index of the one the config's `chip` names (collect_chips, then
// select_chip). Throws GpioError.
struct ChipChoice {
  std::vector<ChipInfo> chips;
  std::size_t chosen;
};
ChipChoice choose_chip(const std::string& spec, const DescribeChip& describe);

}  // namespace gpiogw::gpio
