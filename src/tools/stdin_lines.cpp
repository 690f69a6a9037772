#include "stdin_lines.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace gpiogw::tools {

bool stdin_is_null_device() {
  struct stat in {};
  struct stat null {};
  return fstat(STDIN_FILENO, &in) == 0 && stat("/dev/null", &null) == 0 && S_ISCHR(in.st_mode) &&
         in.st_rdev == null.st_rdev;
}

StdinLines::StdinLines(EventLoop& loop, std::function<void(std::string_view)> line,
                       std::function<void()> end)
    : loop_(loop), line_(std::move(line)), end_(std::move(end)) {
  try {
    watch_ = loop_.watch_readable(STDIN_FILENO, [this] { read_chunk(); });
  } catch (const std::system_error& error) {
    if (error.code().value() != EPERM) throw;
    polled_ = true;  // a regular file: reading it never blocks
    loop_.post([this] { read_chunk(); });
  }
}

void StdinLines::read_chunk() {
  if (ended_) return;
  std::array<char, 4096> buffer;
  // One read per wake-up: epoll said there is data (or end of input), so it does not block.
  const ssize_t got = ::read(STDIN_FILENO, buffer.data(), buffer.size());
  if (got < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (got <= 0) {
    ended_ = true;
    watch_ = EventLoop::Source();
    if (!pending_.empty()) line_(pending_);
    pending_.clear();
    end_();
    return;
  }
  pending_.append(buffer.data(), static_cast<std::size_t>(got));
  std::size_t start = 0;
  for (std::size_t end; (end = pending_.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string_view line(pending_.data() + start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    line_(line);
  }
  pending_.erase(0, start);
  if (polled_) loop_.post([this] { read_chunk(); });
}

}  // namespace gpiogw::tools
