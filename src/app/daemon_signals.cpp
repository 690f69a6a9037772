#include "gpiogw/app/daemon_signals.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstring>

#include "gpiogw/base/event_loop.hpp"

namespace gpiogw {

std::vector<HandledSignal> daemon_signals() {
  std::vector<HandledSignal> signals{{SIGHUP, SignalAction::reload},
                                     {SIGUSR1, SignalAction::report},
                                     {SIGUSR2, SignalAction::report}};
  for (const int stop : {SIGINT, SIGTERM, SIGQUIT, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
                         SIGIO, SIGPWR, SIGSTKFLT}) {
    signals.push_back({stop, SignalAction::stop});
  }
  for (int number = SIGRTMIN; number <= SIGRTMAX; ++number) {
    signals.push_back({number, SignalAction::stop});
  }
  return signals;
}

void block_daemon_signals() {
  std::vector<int> numbers;
  for (const auto& handled : daemon_signals()) numbers.push_back(handled.number);
  block_signals(numbers);
  std::signal(SIGPIPE, SIG_IGN);
}

std::string signal_name(int number) {
  if (number >= SIGRTMIN && number <= SIGRTMAX) {
    return number == SIGRTMIN ? "SIGRTMIN" : fmt::format("SIGRTMIN+{}", number - SIGRTMIN);
  }
  const char* abbreviation = sigabbrev_np(number);
  return abbreviation ? fmt::format("SIG{}", abbreviation) : fmt::format("signal {}", number);
}

}  // namespace gpiogw
