#pragma once
// Reads a [[counter]] entry's own keys; part of the loader, which reads its name and line (shared
// with outputs and inputs, for the checks across entries).

#include "gpiogw/config/config.hpp"
#include "reader.hpp"

namespace gpiogw::config::detail {

// Everything but name and line, checked.
void read_counter(TableReader& reader, Counter& counter);

}  // namespace gpiogw::config::detail
