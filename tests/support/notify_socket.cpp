#include "notify_socket.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <sstream>
#include <system_error>

namespace gpiogw::test {
namespace {

std::vector<std::string> split_lines(const std::string& message) {
  std::vector<std::string> lines;
  std::istringstream in(message);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

NotifySocket::NotifySocket() : path_(dir_ / "notify") {
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "notify socket");
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
  if (bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    close(fd_);
    throw std::system_error(error, std::generic_category(), "bind " + path_.string());
  }
}

NotifySocket::~NotifySocket() {
  close(fd_);
}

bool NotifySocket::receive(std::chrono::milliseconds timeout) {
  pollfd readable{.fd = fd_, .events = POLLIN, .revents = 0};
  if (poll(&readable, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buffer[4096];
  const auto size = recv(fd_, buffer, sizeof buffer, 0);
  if (size < 0) return false;
  messages_.emplace_back(buffer, static_cast<std::size_t>(size));
  return true;
}

bool NotifySocket::wait_for(std::string_view line, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (count(line) == 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !receive(left)) return false;
  }
  return true;
}

void NotifySocket::collect_for(std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  for (auto left = duration; left.count() > 0;
       left = std::chrono::duration_cast<std::chrono::milliseconds>(
           deadline - std::chrono::steady_clock::now())) {
    receive(left);
  }
}

std::size_t NotifySocket::count(std::string_view line) const {
  std::size_t found = 0;
  for (const auto& message : messages_) {
    for (const auto& each : split_lines(message)) found += each == line ? 1 : 0;
  }
  return found;
}

std::vector<std::string> NotifySocket::lines_starting_with(std::string_view prefix) const {
  std::vector<std::string> lines;
  for (const auto& message : messages_) {
    for (auto& line : split_lines(message)) {
      if (line.starts_with(prefix)) lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace gpiogw::test
