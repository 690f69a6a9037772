#pragma once
// Reads the [[sensor]] entries; part of the loader.

#include <filesystem>
#include <vector>

#include "gpiogw/config/config.hpp"
#include "reader.hpp"

namespace gpiogw::config::detail {

// One sensor per [[sensor]] table, checked (names and topics unique among sensors).
std::vector<Sensor> read_sensors(std::vector<TableReader>& readers,
                                 const std::filesystem::path& base);

}  // namespace gpiogw::config::detail
