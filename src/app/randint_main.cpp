// gpiogw-randint: all logic lives in gpiogw_core (tools/randint.hpp).
#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/base/standard_streams.hpp"
#include "gpiogw/tools/randint.hpp"

int main(int argc, char** argv) {
  gpiogw::open_closed_standard_streams();
  // Before any thread exists, so that only the event loop ever sees SIGINT and SIGTERM.
  gpiogw::block_termination_signals();
  return gpiogw::tools::run_randint(argc, argv);
}
