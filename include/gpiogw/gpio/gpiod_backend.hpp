#pragma once
// libgpiod backend (the C++ bindings of libgpiod 1.6, Debian 12 / Pi OS bookworm).

#include <memory>
#include <string>

#include "gpiogw/gpio/backend.hpp"

namespace gpiogw::gpio {

// chip: "auto" (the chip whose label starts with "pinctrl-"), a label, a name such as "gpiochip0"
// or a path. Opening happens here; a missing chip throws GpioError listing the chips that exist.
// Lines given by name are looked up on every chip.
std::unique_ptr<Backend> make_gpiod_backend(const std::string& chip, const std::string& consumer);

}  // namespace gpiogw::gpio
