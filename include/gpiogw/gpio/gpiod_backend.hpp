#pragma once
// The libgpiod backend this build was made for: libgpiod 1.6 (Debian 12 / Pi OS bookworm,
// gpiod_v1_backend.cpp) or 2.x (Debian 13 / Pi OS trixie, gpiod_v2_backend.cpp), picked at
// configure time from the version of libgpiodcxx (cmake/gpiod.cmake). Both behave the same above
// the Backend interface; v2 also debounces inputs in the kernel and notices lost edge events.

#include <memory>
#include <string>
#include <vector>

#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/gpio/chip_info.hpp"

namespace gpiogw::gpio {

// chip: "auto" (the chip whose label starts with "pinctrl-"), a label, a name such as "gpiochip0"
// or a path; see select_chip(). Chips are scanned here; a missing chip throws GpioError listing
// the chips that exist. Lines given by name are looked up on every chip (locate_lines()).
std::unique_ptr<Backend> make_gpiod_backend(const std::string& chip, const std::string& consumer);

// Every chip in /dev with all its lines as the kernel reports them now, for `--list-lines`.
std::vector<ChipInfo> list_gpiod_chips();

}  // namespace gpiogw::gpio
