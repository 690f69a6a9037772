#include "gpiogw/gateway/async_reader.hpp"

#include <condition_variable>
#include <mutex>

#include "gpiogw/base/thread_barrier.hpp"

namespace gpiogw {

struct AsyncReader::Shared {
  EventLoop* loop;
  std::unique_ptr<sensors::Source> source;
  // Loop thread only: the pending read's callback; empty when idle and once the owner is gone.
  Done done;
  // Between the loop thread and the reading thread.
  std::mutex mutex;
  std::condition_variable wake;
  bool requested = false;
  bool stopping = false;
};

AsyncReader::AsyncReader(EventLoop& loop, std::unique_ptr<sensors::Source> source)
    : shared_(std::make_shared<Shared>()) {
  shared_->loop = &loop;
  shared_->source = std::move(source);
  if (shared_->source->blocking())
    std::thread([shared = shared_] { read_on_request(shared); }).detach();
}

AsyncReader::~AsyncReader() {
  shared_->done = nullptr;
  const std::lock_guard lock(shared_->mutex);
  shared_->stopping = true;
  shared_->wake.notify_one();
}

bool AsyncReader::busy() const {
  return static_cast<bool>(shared_->done);
}

void AsyncReader::read(Done done) {
  if (!shared_->source->blocking()) {
    done(shared_->source->read());
    return;
  }
  shared_->done = std::move(done);
  const std::lock_guard lock(shared_->mutex);
  shared_->requested = true;
  shared_->wake.notify_one();
}

void AsyncReader::read_on_request(const std::shared_ptr<Shared>& shared) noexcept {
  try {
    serve_requests(shared);
  } catch (...) {
    // Under the lock, the owner cannot go away meanwhile, and the loop outlives the owner. Once
    // the owner is gone the loop may be too: the thread just ends (its reading was to be dropped).
    const std::lock_guard lock(shared->mutex);
    if (!shared->stopping) {
      fail_on_loop(*shared->loop, "the sensor reading thread", std::current_exception());
    }
  }
}

void AsyncReader::serve_requests(const std::shared_ptr<Shared>& shared) {
  std::unique_lock lock(shared->mutex);
  while (true) {
    shared->wake.wait(lock, [&] { return shared->requested || shared->stopping; });
    if (shared->stopping) return;
    shared->requested = false;
    lock.unlock();
    sensors::Reading reading = shared->source->read();
    lock.lock();
    // The loop outlives the owner; once the owner is gone, it is not touched again.
    if (shared->stopping) return;
    shared->loop->post([shared, reading = std::move(reading)]() mutable {
      if (!shared->done) return;  // the owner went away meanwhile
      Done done = std::move(shared->done);
      shared->done = nullptr;
      done(std::move(reading));
    });
  }
}

}  // namespace gpiogw
