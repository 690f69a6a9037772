#pragma once
// Sysfs attributes and similar files: small text files holding one value.

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

#include "gpiogw/sensors/source.hpp"

namespace gpiogw::sensors {

// The whole file, or why it cannot be read ("cannot read <path>: <reason>").
std::variant<std::string, ReadError> read_text(const std::filesystem::path& path);

// One decimal number such as "48312\n", "-1.5" or "2e3", surrounding whitespace allowed; anything
// else (empty, trailing garbage, nan, inf) is an error quoting the text.
Reading parse_number(std::string_view text);

// read_text() and parse_number(); errors name the file.
Reading read_number(const std::filesystem::path& path);

}  // namespace gpiogw::sensors
