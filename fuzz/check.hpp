#pragma once
// The fuzz targets' assertion: unlike assert(), it also holds in release builds, and it aborts so
// that libFuzzer keeps the input as a crash and the replay test fails. (No source_location:
// clang 14 cannot compile libstdc++ 12's; each invariant's text is unique instead.)

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace gpiogw::fuzz {

inline void require(bool holds, std::string_view invariant) {
  if (holds) return;
  std::fprintf(stderr, "invariant broken: %.*s\n", static_cast<int>(invariant.size()),
               invariant.data());
  std::abort();
}

}  // namespace gpiogw::fuzz
