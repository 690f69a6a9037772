#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gpiogw::config {

// The candidate closest to `word` (edit distance), if it is close enough to be a likely typo:
// about one typo per three letters, ignoring case, a swap of two neighbours counting as one.
// Of equally close candidates, the first wins.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates);

}  // namespace gpiogw::config
