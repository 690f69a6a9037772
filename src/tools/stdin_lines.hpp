#pragma once
// The lines of stdin, delivered on the loop thread without ever blocking it: a terminal or a pipe
// is watched for input; a regular file (which epoll cannot watch, and which never blocks) is read
// chunk by chunk from posted tasks.

#include <functional>
#include <string>
#include <string_view>

#include "gpiogw/base/event_loop.hpp"

namespace gpiogw::tools {

// stdin is /dev/null (also what a closed stdin becomes, see base/standard_streams.hpp): there
// is no one to type, as opposed to input that has ended.
bool stdin_is_null_device();

class StdinLines {
 public:
  // `line` gets each line without its end of line; `end` is called once, at end of input. A last
  // line without a newline counts too.
  StdinLines(EventLoop& loop, std::function<void(std::string_view)> line,
             std::function<void()> end);

 private:
  void read_chunk();

  EventLoop& loop_;
  std::function<void(std::string_view)> line_;
  std::function<void()> end_;
  std::string pending_;
  EventLoop::Source watch_;
  bool polled_ = false;  // stdin is a regular file, read from posted tasks
  bool ended_ = false;
};

}  // namespace gpiogw::tools
