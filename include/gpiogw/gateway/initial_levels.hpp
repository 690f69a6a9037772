#pragma once

#include <map>
#include <string>
#include <vector>

#include "gpiogw/config/config.hpp"

namespace gpiogw {

// The level each output is requested with: "on"/"off" as configured, "restore" from `restored`
// (off when it has no entry). At most one output of an interlock group starts on: a restored
// state that breaks that rule is dropped with a warning (the first in config order wins).
std::vector<bool> initial_levels(const std::vector<config::Output>& outputs,
                                 const std::map<std::string, bool>& restored);

}  // namespace gpiogw
