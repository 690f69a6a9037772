#pragma once
// The single thread that owns the gateway's state runs this loop (sd-event from libsystemd):
// file descriptors, one-shot timers and signals. Other threads (Paho's callbacks) never touch
// state: they post() a task, which runs on the loop thread.
//
// Timers run on the loop's clock. In production that is the monotonic clock; a test can make the
// loop with a ManualClock instead, whose time moves only when the test calls advance(): every
// timer then fires at exactly its deadline, in deadline order, without waiting, so a timing rule
// is asserted to the microsecond instead of hoped for.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "gpiogw/base/exit_codes.hpp"

struct sd_event;
struct sd_event_source;

namespace gpiogw {

class EventLoop {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;
  using Duration = Clock::duration;

  // A clock that stands still until advance() moves it; for tests. It starts at `start`.
  struct ManualClock {
    TimePoint start = TimePoint(std::chrono::hours(24));
  };

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
    sd_event_source* source_ = nullptr;
    std::unique_ptr<std::function<void()>> callback_;
  };

  // A one-shot timer that can be armed again and again; arming replaces the previous deadline.
  class Timer {
   public:
    Timer();  // not armable: make_timer() makes the real ones
    Timer(Timer&& other) noexcept;
    Timer& operator=(Timer&& other) noexcept;
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    ~Timer();

    void arm_after(Duration delay);   // relative to the loop's now()
    void arm_at(TimePoint deadline);  // a past deadline fires at the next dispatch
    void cancel();
    bool armed() const;
    std::optional<TimePoint> deadline() const;

   private:
    friend class EventLoop;
    struct State;
    std::unique_ptr<State> state_;
  };

  EventLoop();  // on the monotonic clock; throws std::system_error
  explicit EventLoop(ManualClock clock);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // The loop's time: steady_clock::now(), or the manual clock's. Inside a timer callback on the
  // manual clock it is exactly that timer's deadline.
  TimePoint now() const;
  bool manual_clock() const { return manual_now_.has_value(); }

  Source watch_readable(int fd, std::function<void()> on_readable);
  // The signal must already be blocked in every thread (see block_signals()).
  Source on_signal(int signal_number, std::function<void()> handler);
  Timer make_timer(std::function<void()> on_expiry);

  // When systemd asked for a watchdog (WATCHDOG_USEC), the loop itself sends WATCHDOG=1 from now
  // on, so a loop that stops turning gets the service restarted. Returns whether it is enabled.
  bool enable_watchdog();

  // Thread-safe: runs `task` on the loop thread, in posting order.
  void post(std::function<void()> task);

  // Runs until exit() is called; returns its code. After that the loop is finished for good.
  // A callback that throws is logged and ends the loop with kExitSoftware: exceptions never
  // unwind through sd-event's C frames.
  int run();
  // Monotonic clock only: dispatches events for `duration` of real time, then returns.
  void run_for(Duration duration);
  void exit(int code);

  // Manual clock only. Dispatches what is ready (I/O, signals, posted tasks) without moving time.
  void run_pending();
  // Manual clock only. Moves time forward by `duration`: each timer that falls due fires at its
  // own deadline (now() says so), in deadline order, with ready events dispatched after each.
  // An exception from a callback reaches the caller.
  void advance(Duration duration);

 private:
  explicit EventLoop(std::optional<TimePoint> manual_start);

  struct Armed {
    TimePoint deadline;
    std::uint64_t sequence;  // equal deadlines fire in the order they were armed
    Timer::State* timer;
    auto operator<=>(const Armed&) const = default;
  };

  void arm(Timer::State& timer, TimePoint deadline);
  void disarm(Timer::State& timer);
  void fire_due(TimePoint until);
  void schedule_wakeup();  // monotonic clock: the sd-event timer follows the earliest deadline
  void run_posted();

  sd_event* event_ = nullptr;
  std::optional<TimePoint> manual_now_;
  std::set<Armed> armed_;
  std::uint64_t next_sequence_ = 0;
  Source wakeup_source_;
  int wake_fd_ = -1;
  Source wake_source_;
  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;
};

// For a timer that repeats on a grid: the first due + n * interval (n >= 1) after `now`. Ticks a
// busy loop could not serve in time are skipped, and the phase is kept whatever a tick costs.
EventLoop::TimePoint next_on_grid(EventLoop::TimePoint due, EventLoop::Duration interval,
                                  EventLoop::TimePoint now);

// Blocks `signals` in the calling thread and every thread it starts afterwards, so that only the
// loop sees them (through signalfd, on_signal()). Call it first thing in main.
void block_signals(std::span<const int> signals);
// Whether `signal_number` is blocked in the calling thread. Not every platform can block every
// signal: under qemu-user the highest real-time signals are the emulator's own.
bool signal_blocked(int signal_number);
// The tools' set: SIGINT and SIGTERM.
void block_termination_signals();

}  // namespace gpiogw
