#pragma once
// Reads an input's button gestures and the [[rule]] entries; part of the loader.

#include <vector>

#include "gpiogw/config/config.hpp"
#include "reader.hpp"

namespace gpiogw::config::detail {

// events, double_click and long_press of an [[input]] whose edge is already read.
void read_button(TableReader& reader, Input& input);
// One [[rule]]: its `when` is checked against the inputs and outputs already read; its `do` only
// for being a string (the rules module parses it).
Rule read_rule(TableReader& reader, const Config& config);

}  // namespace gpiogw::config::detail
