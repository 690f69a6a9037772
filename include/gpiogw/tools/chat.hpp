#pragma once

namespace gpiogw::tools {

// gpiogw-chat: the paho tutorial's chat in one program. Prints "topic -> message" for every
// message on <room>/+ (its own lines too: they confirm the broker has them) and publishes each
// line of stdin on <room>/<name>. Returns the exit code. Call block_termination_signals() first.
int run_chat(int argc, const char* const* argv);

}  // namespace gpiogw::tools
