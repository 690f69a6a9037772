#pragma once
// A child process for black-box tests: started with posix_spawn, its stdout and stderr captured
// in a file, killed (SIGKILL) at scope exit if it is still running.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace gpiogw::test {

class Process {
 public:
  enum class Stdin { null, pipe, closed };

  // argv[0] is the program (searched in PATH); output goes to `log_file`. `environment` holds
  // NAME=VALUE entries added to (or replacing) this process's own environment. With Stdin::pipe
  // the test writes its standard input through write_stdin() and close_stdin(); with
  // Stdin::closed the process starts with no descriptor 0 at all (`<&-`).
  Process(std::vector<std::string> argv, const std::filesystem::path& log_file,
          const std::vector<std::string>& environment = {}, Stdin stdin_mode = Stdin::null);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void write_stdin(std::string_view text);
  void close_stdin();  // the process sees end of input
  void signal(int signal_number) const;
  // The exit status (exit code, or 128 + signal) if it ended within `timeout`.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
  bool running();
  std::string output() const;  // everything it wrote so far
  // Waits until its output contains `text`.
  bool wait_for_output(std::string_view text, std::chrono::milliseconds timeout) const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  int stdin_fd_ = -1;
  std::filesystem::path log_file_;
};

// Runs a command to completion (bounded by `timeout`, then killed); returns exit status and output.
struct Completed {
  int status;
  std::string output;
};
Completed run_command(std::vector<std::string> argv, std::chrono::milliseconds timeout);

// Polls `condition` every few milliseconds until it holds or `timeout` passes.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout);

}  // namespace gpiogw::test

#include "process_inl.hpp"
