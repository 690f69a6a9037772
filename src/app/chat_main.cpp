// gpiogw-chat: all logic lives in gpiogw_core (tools/chat.hpp).
#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/base/standard_streams.hpp"
#include "gpiogw/tools/chat.hpp"

int main(int argc, char** argv) {
  gpiogw::open_closed_standard_streams();
  // Before any thread exists, so that only the event loop ever sees SIGINT and SIGTERM.
  gpiogw::block_termination_signals();
  return gpiogw::tools::run_chat(argc, argv);
}
