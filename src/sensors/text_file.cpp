#include "gpiogw/sensors/text_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <system_error>

#include "gpiogw/base/payload.hpp"

namespace gpiogw::sensors {
namespace {

constexpr std::size_t kMaxSize = 64 * 1024;  // far above any attribute; bounds a wrong path

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

ReadError os_error(const std::filesystem::path& path, int error) {
  return {fmt::format("cannot read {}: {}", path.string(), std::generic_category().message(error))};
}

}  // namespace

std::variant<std::string, ReadError> read_text(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error(path, errno);
  std::string text;
  std::array<char, 4096> buffer;
  while (text.size() < kMaxSize) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;  // EIO is how a failing I2C or 1-Wire device shows up here
      ::close(fd);
      return os_error(path, error);
    }
    text.append(buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(fd);
  return text;
}

Reading parse_number(std::string_view text) {
  const std::string_view number = trim(text);
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc{} || end != number.data() + number.size() ||
      !std::isfinite(value))
    return ReadError{fmt::format("not a number: {}", printable_excerpt(text, 32))};
  return value;
}

Reading read_number(const std::filesystem::path& path) {
  auto text = read_text(path);
  if (auto* error = std::get_if<ReadError>(&text)) return std::move(*error);
  Reading reading = parse_number(std::get<std::string>(text));
  if (auto* error = std::get_if<ReadError>(&reading))
    error->message = fmt::format("{}: {}", path.string(), error->message);
  return reading;
}

}  // namespace gpiogw::sensors
