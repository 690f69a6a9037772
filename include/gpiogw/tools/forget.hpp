#pragma once
// gpiogw --forget: removes everything this gateway retained on the broker, for uninstalling or
// before renaming it: the discovery configs under its node, and every retained topic under its
// topic prefix (states, totals, diagnostics, status) and of its retained sensors' own topics. It
// refuses while the gateway is online, which would announce everything again.

#include "gpiogw/config/config.hpp"

namespace gpiogw::tools {

// Connects with the config's broker settings, prints a summary; returns the exit code.
int forget(const config::Config& config);

}  // namespace gpiogw::tools
