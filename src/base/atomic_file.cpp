#include "gpiogw/base/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gpiogw {

std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 std::string_view text, Durability durability) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  const std::filesystem::path temp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("cannot write {}: {}", temp.string(), std::strerror(errno));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       (durability == Durability::readers || ::fsync(fd) == 0);
  const int saved_errno = errno;
  ::close(fd);
  if (!written) {
    return fmt::format("cannot write {}: {}", temp.string(), std::strerror(saved_errno));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return fmt::format("cannot replace {}: {}", path.string(), std::strerror(errno));
  }
  return std::nullopt;
}

}  // namespace gpiogw
