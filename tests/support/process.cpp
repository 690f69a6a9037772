#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "temp_dir.hpp"

extern char** environ;

namespace gpiogw::test {
namespace {

int decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// This process's environment with `overrides` (NAME=VALUE) added or replacing the same NAME.
std::vector<std::string> merged_environment(const std::vector<std::string>& overrides) {
  std::vector<std::string> merged;
  const auto overridden = [&](std::string_view entry) {
    const auto name = entry.substr(0, entry.find('=') + 1);
    for (const auto& replacement : overrides) {
      if (replacement.starts_with(name)) return true;
    }
    return false;
  };
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!overridden(*entry)) merged.emplace_back(*entry);
  }
  merged.insert(merged.end(), overrides.begin(), overrides.end());
  return merged;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& each : strings) result.push_back(each.data());
  result.push_back(nullptr);
  return result;
}

}  // namespace

Process::Process(std::vector<std::string> argv, const std::filesystem::path& log_file,
                 const std::vector<std::string>& environment, Stdin stdin_mode)
    : log_file_(log_file) {
  auto args = pointers(argv);
  auto environment_strings = merged_environment(environment);
  auto environment_pointers = pointers(environment_strings);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  int pipe_fds[2] = {-1, -1};
  if (stdin_mode == Stdin::pipe) {
    if (pipe2(pipe_fds, O_CLOEXEC) != 0)
      throw std::system_error(errno, std::generic_category(), "pipe");
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
    stdin_fd_ = pipe_fds[1];
  } else if (stdin_mode == Stdin::closed) {
    posix_spawn_file_actions_addclose(&actions, STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  // The test process may block signals (the event loop tests do); children start clean.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  const int error =
      posix_spawnp(&pid_, args[0], &actions, &attributes, args.data(), environment_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (pipe_fds[0] >= 0) close(pipe_fds[0]);
  if (error != 0) throw std::system_error(error, std::generic_category(), "spawn " + argv[0]);
}

void Process::write_stdin(std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(stdin_fd_, text.data(), text.size());
    if (written < 0) throw std::system_error(errno, std::generic_category(), "write stdin");
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

void Process::close_stdin() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

Process::~Process() {
  close_stdin();
  if (running()) {
    kill(pid_, SIGKILL);
    wait_for_exit(std::chrono::seconds(5));
  }
}

void Process::signal(int signal_number) const {
  kill(pid_, signal_number);
}

std::optional<int> Process::wait_for_exit(std::chrono::milliseconds timeout) {
  eventually(
      [&] {
        if (status_) return true;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) status_ = decode(status);
        return status_.has_value();
      },
      timeout);
  return status_;
}

bool Process::running() {
  return !wait_for_exit(std::chrono::milliseconds(0)).has_value();
}

std::string Process::output() const {
  return read_file(log_file_);
}

bool Process::wait_for_output(std::string_view text, std::chrono::milliseconds timeout) const {
  return eventually([&] { return output().find(text) != std::string::npos; }, timeout);
}

Completed run_command(std::vector<std::string> argv, std::chrono::milliseconds timeout) {
  TempDir dir("gpiogw-command");
  Process process(std::move(argv), dir / "output");
  auto status = process.wait_for_exit(timeout);
  if (!status) {
    process.signal(SIGKILL);
    status = process.wait_for_exit(std::chrono::seconds(5));
  }
  return {status.value_or(-1), process.output()};
}

}  // namespace gpiogw::test
