#pragma once
// The single thread that owns the gateway's state runs this loop (sd-event from libsystemd):
// file descriptors, one-shot timers on the monotonic clock and signals. Other threads (Paho's
// callbacks) never touch state: they post() a task, which runs on the loop thread.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

struct sd_event;
struct sd_event_source;

namespace gpiogw {

class EventLoop {
 public:
  // Owns one event source and the callback it calls; removing it is destroying it.
  class Source {
   public:
    Source() = default;
    Source(Source&& other) noexcept;
    Source& operator=(Source&& other) noexcept;
    Source(const Source&) = delete;
    Source& operator=(const Source&) = delete;
    ~Source();

   private:
    friend class EventLoop;
    friend class Timer;
    sd_event_source* source_ = nullptr;
    std::unique_ptr<std::function<void()>> callback_;
  };

  // A one-shot timer that can be armed again and again; arming replaces the previous deadline.
  class Timer {
   public:
    // Relative to the loop's idea of now, which is when the current iteration started.
    void arm_after(std::chrono::steady_clock::duration delay);
    // At an absolute time: use it for deadlines computed from steady_clock::now().
    void arm_at(std::chrono::steady_clock::time_point deadline);
    void cancel();
    bool armed() const;

   private:
    friend class EventLoop;
    Source source_;
  };

  EventLoop();  // throws std::system_error
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Source watch_readable(int fd, std::function<void()> on_readable);
  // The signal must already be blocked in every thread (see block_termination_signals()).
  Source on_signal(int signal_number, std::function<void()> handler);
  Timer make_timer(std::function<void()> on_expiry);

  // When systemd asked for a watchdog (WATCHDOG_USEC), the loop itself sends WATCHDOG=1 from now
  // on, so a loop that stops turning gets the service restarted. Returns whether it is enabled.
  bool enable_watchdog();

  // Thread-safe: runs `task` on the loop thread, in posting order.
  void post(std::function<void()> task);

  // Runs until exit() is called; returns its code. After that the loop is finished for good.
  int run();
  // Dispatches events for `duration`, then returns; can be called again (tests step time so).
  void run_for(std::chrono::steady_clock::duration duration);
  void exit(int code);

 private:
  void run_posted();

  sd_event* event_ = nullptr;
  int wake_fd_ = -1;
  Source wake_source_;
  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;
};

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards, so that
// only the loop sees them (through signalfd). Call it first thing in main.
void block_termination_signals();

}  // namespace gpiogw
