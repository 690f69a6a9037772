#pragma once
// Where a thread the loop does not own runs our code (Paho's callbacks, a sensor's reading
// thread), an exception must not unwind into foreign frames (Paho's C) nor end the thread with
// std::terminate. It is handed to the loop instead, whose barrier logs it and ends the loop with
// kExitSoftware, as for an exception in any loop callback.

#include <exception>
#include <string_view>
#include <utility>

#include "gpiogw/base/event_loop.hpp"

namespace gpiogw {

// Makes the loop end with kExitSoftware, logging "<where>: <what the error says>". Should
// even that fail (no memory left), writes a fixed line to stderr and ends the process with that
// code at once.
void fail_on_loop(EventLoop& loop, std::string_view where, std::exception_ptr error) noexcept;

// Runs `body` on a foreign thread; what it throws goes to fail_on_loop.
template <typename Body>
void guard_thread(EventLoop& loop, std::string_view where, Body&& body) noexcept {
  try {
    std::forward<Body>(body)();
  } catch (...) {
    fail_on_loop(loop, where, std::current_exception());
  }
}

}  // namespace gpiogw
