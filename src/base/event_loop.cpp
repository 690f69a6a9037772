#include "gpiogw/base/event_loop.hpp"

#include <sys/eventfd.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "gpiogw/base/log.hpp"

namespace gpiogw {

struct EventLoop::Timer::State {
  EventLoop* loop;
  std::function<void()> on_expiry;
  std::optional<TimePoint> deadline{};
  std::uint64_t sequence = 0;
};

namespace {

void check(int result, const char* what) {
  if (result < 0) throw std::system_error(-result, std::generic_category(), what);
}

// Where sd-event (C) calls into C++: nothing may unwind through its frames. A callback that
// throws has left the gateway in a state nobody planned for, so the loop ends with
// kExitSoftware and systemd starts the service afresh.
int call_back(sd_event_source* source, void* userdata) {
  try {
    (*static_cast<std::function<void()>*>(userdata))();
  } catch (const std::exception& error) {
    log::error("internal error, stopping: {}", error.what());
    sd_event_exit(sd_event_source_get_event(source), kExitSoftware);
  } catch (...) {
    log::error("internal error, stopping: an unknown exception");
    sd_event_exit(sd_event_source_get_event(source), kExitSoftware);
  }
  return 0;
}

int on_io(sd_event_source* source, int, uint32_t, void* userdata) {
  return call_back(source, userdata);
}
int on_time(sd_event_source* source, uint64_t, void* userdata) {
  return call_back(source, userdata);
}
int on_signal_event(sd_event_source* source, const signalfd_siginfo*, void* userdata) {
  return call_back(source, userdata);
}

uint64_t to_usec(std::chrono::steady_clock::duration time) {
  const auto usec = std::chrono::ceil<std::chrono::microseconds>(time).count();
  return usec > 0 ? static_cast<uint64_t>(usec) : 0;
}

}  // namespace

EventLoop::Source::Source(Source&& other) noexcept
    : source_(std::exchange(other.source_, nullptr)), callback_(std::move(other.callback_)) {}

EventLoop::Source& EventLoop::Source::operator=(Source&& other) noexcept {
  if (this != &other) {
    sd_event_source_disable_unref(source_);
    source_ = std::exchange(other.source_, nullptr);
    callback_ = std::move(other.callback_);
  }
  return *this;
}

EventLoop::Source::~Source() {
  sd_event_source_disable_unref(source_);
}

EventLoop::Timer::Timer() = default;

EventLoop::Timer::Timer(Timer&& other) noexcept : state_(std::move(other.state_)) {}

EventLoop::Timer& EventLoop::Timer::operator=(Timer&& other) noexcept {
  if (this != &other) {
    cancel();
    state_ = std::move(other.state_);
  }
  return *this;
}

EventLoop::Timer::~Timer() {
  cancel();
}

void EventLoop::Timer::arm_after(Duration delay) {
  arm_at(state_->loop->now() + delay);
}

void EventLoop::Timer::arm_at(TimePoint deadline) {
  state_->loop->arm(*state_, deadline);
}

void EventLoop::Timer::cancel() {
  if (state_ && state_->deadline) state_->loop->disarm(*state_);
}

bool EventLoop::Timer::armed() const {
  return state_ && state_->deadline.has_value();
}

std::optional<EventLoop::TimePoint> EventLoop::Timer::deadline() const {
  return state_ ? state_->deadline : std::nullopt;
}

EventLoop::EventLoop() : EventLoop(std::optional<TimePoint>()) {}

EventLoop::EventLoop(ManualClock clock) : EventLoop(std::optional<TimePoint>(clock.start)) {}

EventLoop::EventLoop(std::optional<TimePoint> manual_start) : manual_now_(manual_start) {
  check(sd_event_new(&event_), "sd_event_new");
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    sd_event_unref(event_);
    throw std::system_error(errno, std::generic_category(), "eventfd");
  }
  wake_source_ = watch_readable(wake_fd_, [this] { run_posted(); });
  if (manual_now_) return;
  // One sd-event timer follows the earliest deadline. Accuracy of 1 us: sd-event's default lets
  // timers slip by up to 250 ms to batch wake-ups, which is too coarse for debounce and pulses.
  wakeup_source_.callback_ =
      std::make_unique<std::function<void()>>([this] { fire_due(Clock::now()); });
  check(sd_event_add_time_relative(event_, &wakeup_source_.source_, CLOCK_MONOTONIC, 0, 1, on_time,
                                   wakeup_source_.callback_.get()),
        "add timer");
  check(sd_event_source_set_enabled(wakeup_source_.source_, SD_EVENT_OFF), "disable timer");
}

EventLoop::~EventLoop() {
  // Timers that outlive the loop must not reach back into it.
  for (const auto& armed : armed_) armed.timer->deadline.reset();
  armed_.clear();
  wakeup_source_ = Source();
  wake_source_ = Source();
  close(wake_fd_);
  sd_event_unref(event_);
}

EventLoop::TimePoint EventLoop::now() const {
  return manual_now_ ? *manual_now_ : Clock::now();
}

EventLoop::Source EventLoop::watch_readable(int fd, std::function<void()> on_readable) {
  Source source;
  source.callback_ = std::make_unique<std::function<void()>>(std::move(on_readable));
  check(sd_event_add_io(event_, &source.source_, fd, EPOLLIN, on_io, source.callback_.get()),
        "watch fd");
  return source;
}

EventLoop::Source EventLoop::on_signal(int signal_number, std::function<void()> handler) {
  Source source;
  source.callback_ = std::make_unique<std::function<void()>>(std::move(handler));
  check(sd_event_add_signal(event_, &source.source_, signal_number, on_signal_event,
                            source.callback_.get()),
        "watch signal");
  return source;
}

EventLoop::Timer EventLoop::make_timer(std::function<void()> on_expiry) {
  Timer timer;
  timer.state_ = std::make_unique<Timer::State>(Timer::State{this, std::move(on_expiry)});
  return timer;
}

void EventLoop::arm(Timer::State& timer, TimePoint deadline) {
  if (timer.deadline) armed_.erase({*timer.deadline, timer.sequence, &timer});
  timer.deadline = deadline;
  timer.sequence = next_sequence_++;
  armed_.insert({deadline, timer.sequence, &timer});
  schedule_wakeup();
}

void EventLoop::disarm(Timer::State& timer) {
  armed_.erase({*timer.deadline, timer.sequence, &timer});
  timer.deadline.reset();
  schedule_wakeup();
}

void EventLoop::fire_due(TimePoint until) {
  // One at a time: a callback may arm, cancel or destroy any timer, itself included.
  while (!armed_.empty() && armed_.begin()->deadline <= until) {
    const Armed due = *armed_.begin();
    armed_.erase(armed_.begin());
    due.timer->deadline.reset();
    // A deadline already past fires now: time never runs backwards.
    if (manual_now_) *manual_now_ = std::max(*manual_now_, due.deadline);
    due.timer->on_expiry();
    if (manual_now_) run_pending();
  }
  schedule_wakeup();
}

void EventLoop::schedule_wakeup() {
  if (manual_now_ || !wakeup_source_.source_) return;
  if (armed_.empty()) {
    sd_event_source_set_enabled(wakeup_source_.source_, SD_EVENT_OFF);
    return;
  }
  // steady_clock is CLOCK_MONOTONIC, the clock sd-event's timer runs on. Once the loop has
  // exited, sd-event refuses (ESTALE): nothing will fire any more, which is what a stop means.
  const int set = sd_event_source_set_time(wakeup_source_.source_,
                                           to_usec(armed_.begin()->deadline.time_since_epoch()));
  if (set == -ESTALE) return;
  check(set, "arm timer");
  check(sd_event_source_set_enabled(wakeup_source_.source_, SD_EVENT_ONESHOT), "enable timer");
}

bool EventLoop::enable_watchdog() {
  const int enabled = sd_event_set_watchdog(event_, 1);
  check(enabled, "enable the watchdog");
  return enabled > 0;
}

void EventLoop::post(std::function<void()> task) {
  bool first = false;
  {
    const std::lock_guard lock(posted_mutex_);
    first = posted_.empty();
    posted_.push_back(std::move(task));
  }
  // Only the task that finds the queue empty wakes the loop: the loop takes the whole queue at
  // once, after that wake-up, so later tasks ride along. Under load this saves a write (and the
  // loop a read) per MQTT message (docs/benchmarks.md).
  if (!first) return;
  const uint64_t one = 1;
  // A full counter still leaves the fd readable, so a failed write cannot lose a wake-up.
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

void EventLoop::run_posted() {
  uint64_t count = 0;
  [[maybe_unused]] const auto got = ::read(wake_fd_, &count, sizeof count);
  std::vector<std::function<void()>> tasks;
  {
    const std::lock_guard lock(posted_mutex_);
    tasks.swap(posted_);
  }
  for (auto& task : tasks) task();
}

int EventLoop::run() {
  const int result = sd_event_loop(event_);
  check(result, "event loop");
  return result;
}

void EventLoop::run_for(Duration duration) {
  if (manual_now_) throw std::logic_error("run_for() on a manual clock: use advance()");
  const auto end = Clock::now() + duration;
  for (auto left = duration; left > left.zero(); left = end - Clock::now()) {
    check(sd_event_run(event_, to_usec(left)), "event loop");
  }
}

void EventLoop::exit(int code) {
  sd_event_exit(event_, code);
}

void EventLoop::run_pending() {
  if (!manual_now_) throw std::logic_error("run_pending() needs a manual clock");
  while (sd_event_get_state(event_) != SD_EVENT_FINISHED && sd_event_run(event_, 0) > 0) {
  }
}

void EventLoop::advance(Duration duration) {
  if (!manual_now_) throw std::logic_error("advance() needs a manual clock");
  const TimePoint until = *manual_now_ + duration;
  run_pending();
  fire_due(until);
  *manual_now_ = until;
}

EventLoop::TimePoint next_on_grid(EventLoop::TimePoint due, EventLoop::Duration interval,
                                  EventLoop::TimePoint now) {
  due += interval;
  if (due <= now) due += ((now - due) / interval + 1) * interval;
  return due;
}

void block_signals(std::span<const int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (const int signal_number : signals) sigaddset(&set, signal_number);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool signal_blocked(int signal_number) {
  sigset_t set;
  pthread_sigmask(SIG_BLOCK, nullptr, &set);
  return sigismember(&set, signal_number) == 1;
}

void block_termination_signals() {
  constexpr int kSignals[] = {SIGINT, SIGTERM};
  block_signals(kSignals);
}

}  // namespace gpiogw
