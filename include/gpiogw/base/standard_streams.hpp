#pragma once
// A program started with stdin, stdout or stderr closed (`prog <&-`) would hand those numbers to
// the next files it opens: an epoll or socket descriptor then sits on 0 and is taken for input,
// or a socket on 1 receives what is printed. Called first thing in main, before any thread or
// descriptor exists, this opens each closed one on /dev/null.

namespace gpiogw {

void open_closed_standard_streams();

}  // namespace gpiogw
