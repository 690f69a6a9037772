#pragma once
// Reads the [[sensor]] entries; part of the loader.

#include <filesystem>
#include <vector>

#include "gpiogw/config/config.hpp"
#include "reader.hpp"

namespace gpiogw::config::detail {

// Every [[sensor]] of the root table, checked (names and topics unique among sensors).
std::vector<Sensor> read_sensors(TableReader& root, const std::filesystem::path& base);

}  // namespace gpiogw::config::detail
