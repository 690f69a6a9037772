#pragma once
// Finding a configured entry by the name a person typed: the exact name first, else ignoring case.

#include <algorithm>
#include <span>
#include <string_view>

#include "gpiogw/base/text.hpp"

namespace gpiogw {

template <typename Entry, typename NameOf>
Entry* find_by_name(std::span<Entry> entries, std::string_view name, NameOf name_of) {
  auto found = std::ranges::find_if(entries, [&](const Entry& e) { return name_of(e) == name; });
  if (found == entries.end()) {
    found = std::ranges::find_if(
        entries, [&](const Entry& e) { return equal_ignoring_case(name_of(e), name); });
  }
  return found == entries.end() ? nullptr : &*found;
}

}  // namespace gpiogw
