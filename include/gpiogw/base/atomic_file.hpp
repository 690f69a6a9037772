#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gpiogw {

enum class Durability {
  power_cut,  // fsync before the rename: the new file survives a power cut (the state file)
  readers,    // no fsync: only readers are spared a half-written file (the mock's sim files)
};

// Writes `text` to `path` so that a reader sees the old file or the new one, never a mix: a
// hidden temp file beside it (.<name>.tmp, which folder watchers can tell apart), then a rename;
// the folder is made if needed. Returns what went wrong, or nothing.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 std::string_view text,
                                                 Durability durability = Durability::power_cut);

}  // namespace gpiogw
