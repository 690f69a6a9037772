#pragma once
// A background thread of the soak test: runs `step` again and again until stopped; each step says
// how long to wait before the next one. Stopping interrupts the wait at once.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace gpiogw::soak {

class Worker {
 public:
  using Step = std::function<std::chrono::microseconds()>;

  explicit Worker(Step step)
      : thread_([this, step = std::move(step)](std::stop_token token) {
          while (!token.stop_requested()) {
            const auto wait = step();
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, token, wait, [] { return false; });
          }
        }) {}
  ~Worker() { stop(); }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void stop() {
    thread_.request_stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: started once the members it uses exist
};

}  // namespace gpiogw::soak
