// gpiosim_pulse_driver: makes pulses on a gpio-sim line (or the mock's) at a steady rate by
// writing its `pull` file, for bench/vm-counting in the gpio-sim VM, where a shell loop tops out
// near 700 pulses/s.
//   gpiosim_pulse_driver PULL_FILE RATE SECONDS
// Each pulse is "pull-down" then "pull-up", the pulse starts on an absolute schedule (a late one
// is made at once, not skipped). Prints "<pulses made> <pulses per second achieved>".
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

bool put(int fd, std::string_view text) {
  return ::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size());
}

double seconds_of(const timespec& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: gpiosim_pulse_driver PULL_FILE RATE SECONDS\n");
    return 64;
  }
  const long rate = std::atol(argv[2]);
  const long seconds = std::atol(argv[3]);
  const int fd = ::open(argv[1], O_WRONLY | O_CLOEXEC);
  if (fd < 0 || rate <= 0 || seconds <= 0) {
    std::perror(argv[1]);
    return 66;
  }
  const long period_ns = 1'000'000'000L / rate;
  const long pulses = rate * seconds;
  timespec start{};
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  timespec next = start;
  for (long i = 0; i < pulses; ++i) {
    ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
    if (!put(fd, "pull-down") || !put(fd, "pull-up")) {
      std::perror("write");
      return 74;
    }
    next.tv_nsec += period_ns;
    while (next.tv_nsec >= 1'000'000'000L) {
      next.tv_nsec -= 1'000'000'000L;
      ++next.tv_sec;
    }
  }
  timespec end{};
  ::clock_gettime(CLOCK_MONOTONIC, &end);
  std::printf("%ld %.0f\n", pulses,
              static_cast<double>(pulses) / (seconds_of(end) - seconds_of(start)));
  ::close(fd);
  return 0;
}
