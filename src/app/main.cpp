// gpiogw: the daemon. All logic lives in gpiogw_core; this only wires the command line to it.
#include <variant>

#include "gpiogw/app/daemon.hpp"
#include "gpiogw/app/daemon_signals.hpp"
#include "gpiogw/base/standard_streams.hpp"

int main(int argc, char** argv) {
  gpiogw::open_closed_standard_streams();
  // Before any thread exists, so that only the event loop ever sees the signals it handles.
  gpiogw::block_daemon_signals();
  const auto command_line = gpiogw::parse_command_line(argc, argv);
  if (const int* exit_code = std::get_if<int>(&command_line)) return *exit_code;
  return gpiogw::run(std::get<gpiogw::CommandLine>(command_line));
}
