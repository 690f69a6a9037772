#pragma once

#include <string>

#include "gpiogw/config/config.hpp"

namespace gpiogw::config {

// A one-screen, human-readable account of what the config declares (used by --check-config).
// Never contains secrets: the password file is named, its contents are never read here.
std::string summarize(const Config& config);

}  // namespace gpiogw::config
