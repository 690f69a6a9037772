#pragma once
// Reads a sensor source without blocking the loop: a blocking source (a DS18B20 read takes about
// 750 ms) is read on a thread of its own and its reading comes back to the loop thread as a posted
// task. One read at a time; everything but the thread itself runs on the loop thread.

#include <functional>
#include <memory>
#include <thread>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/sensors/source.hpp"

namespace gpiogw {

class AsyncReader {
 public:
  using Done = std::function<void(sensors::Reading)>;

  AsyncReader(EventLoop& loop, std::unique_ptr<sensors::Source> source);
  // Never waits: a read still running (a hung file) ends on its own, its reading dropped.
  ~AsyncReader();
  AsyncReader(const AsyncReader&) = delete;
  AsyncReader& operator=(const AsyncReader&) = delete;

  // True from read() until `done` has been called.
  bool busy() const;
  // Reads once and calls `done` with the reading on the loop thread: at once for a source that
  // does not block, else from a posted task. Only when not busy().
  void read(Done done);

 private:
  struct Shared;
  // The reading thread: one read per request, each posted back to the loop, until stopped. What
  // it throws ends the loop with kExitSoftware (thread_barrier.hpp).
  static void read_on_request(const std::shared_ptr<Shared>& shared) noexcept;
  static void serve_requests(const std::shared_ptr<Shared>& shared);

  std::shared_ptr<Shared> shared_;  // also held by the thread, which may outlive this object
};

}  // namespace gpiogw
