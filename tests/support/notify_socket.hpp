#pragma once
// Stands in for systemd's notification socket: a unix datagram socket in a temp dir. A child
// started with NOTIFY_SOCKET=<path()> sends its sd_notify() messages here; each message is one
// datagram of newline-separated KEY=VALUE lines.

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "temp_dir.hpp"

namespace gpiogw::test {

class NotifySocket {
 public:
  NotifySocket();
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string environment() const { return "NOTIFY_SOCKET=" + path_.string(); }

  // Receives until some message so far has `line` as one of its lines.
  bool wait_for(std::string_view line, std::chrono::milliseconds timeout);
  // Receives everything that arrives within `duration`.
  void collect_for(std::chrono::milliseconds duration);
  // How many messages so far have `line` as one of their lines.
  std::size_t count(std::string_view line) const;
  // Lines (of all messages so far) that start with `prefix`, in arrival order.
  std::vector<std::string> lines_starting_with(std::string_view prefix) const;
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  bool receive(std::chrono::milliseconds timeout);  // one datagram into messages_

  TempDir dir_{"gpiogw-notify"};
  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

}  // namespace gpiogw::test
