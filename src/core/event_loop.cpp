#include "gpiogw/core/event_loop.hpp"

#include <sys/eventfd.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <system_error>
#include <utility>

namespace gpiogw {
namespace {

void check(int result, const char* what) {
  if (result < 0) throw std::system_error(-result, std::generic_category(), what);
}

int call_back(void* userdata) {
  (*static_cast<std::function<void()>*>(userdata))();
  return 0;
}

int on_io(sd_event_source*, int, uint32_t, void* userdata) {
  return call_back(userdata);
}
int on_time(sd_event_source*, uint64_t, void* userdata) {
  return call_back(userdata);
}
int on_signal_event(sd_event_source*, const signalfd_siginfo*, void* userdata) {
  return call_back(userdata);
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

void EventLoop::Timer::arm_after(std::chrono::steady_clock::duration delay) {
  check(sd_event_source_set_time_relative(source_.source_, to_usec(delay)), "arm timer");
  check(sd_event_source_set_enabled(source_.source_, SD_EVENT_ONESHOT), "enable timer");
}

void EventLoop::Timer::arm_at(std::chrono::steady_clock::time_point deadline) {
  // steady_clock is CLOCK_MONOTONIC, the clock the loop's timers run on.
  check(sd_event_source_set_time(source_.source_, to_usec(deadline.time_since_epoch())),
        "arm timer");
  check(sd_event_source_set_enabled(source_.source_, SD_EVENT_ONESHOT), "enable timer");
}

void EventLoop::Timer::cancel() {
  sd_event_source_set_enabled(source_.source_, SD_EVENT_OFF);
}

bool EventLoop::Timer::armed() const {
  int enabled = SD_EVENT_OFF;
  sd_event_source_get_enabled(source_.source_, &enabled);
  return enabled != SD_EVENT_OFF;
}

EventLoop::EventLoop() {
  check(sd_event_new(&event_), "sd_event_new");
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    sd_event_unref(event_);
    throw std::system_error(errno, std::generic_category(), "eventfd");
  }
  wake_source_ = watch_readable(wake_fd_, [this] { run_posted(); });
}

EventLoop::~EventLoop() {
  wake_source_ = Source();
  close(wake_fd_);
  sd_event_unref(event_);
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
  timer.source_.callback_ = std::make_unique<std::function<void()>>(std::move(on_expiry));
  // Accuracy of 1 us: sd-event's default lets timers slip by up to 250 ms to batch wake-ups,
  // which is too coarse for debounce and pulses.
  check(sd_event_add_time_relative(event_, &timer.source_.source_, CLOCK_MONOTONIC, 0, 1, on_time,
                                   timer.source_.callback_.get()),
        "add timer");
  check(sd_event_source_set_enabled(timer.source_.source_, SD_EVENT_OFF), "disable timer");
  return timer;
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
  // loop a read) per MQTT message (docs/BENCHMARKS.md).
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

void EventLoop::run_for(std::chrono::steady_clock::duration duration) {
  const auto end = std::chrono::steady_clock::now() + duration;
  for (auto left = duration; left > left.zero(); left = end - std::chrono::steady_clock::now()) {
    check(sd_event_run(event_, to_usec(left)), "event loop");
  }
}

void EventLoop::exit(int code) {
  sd_event_exit(event_, code);
}

void block_termination_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

}  // namespace gpiogw
