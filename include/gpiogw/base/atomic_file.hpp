#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace gpiogw {

// Writes `text` to `path` so that a reader sees the old file or the new one, never a mix, even
// across a power cut: a temp file beside it, fsync, rename; the folder is made if needed.
// Returns what went wrong, or nothing.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 const std::string& text);

}  // namespace gpiogw
