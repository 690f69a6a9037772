#pragma once
// What the daemon does on each signal whose default action would end it. Every one that someone
// may send gets a defined behaviour, so that no signal kills the daemon without switching
// shutdown = "off" outputs off and writing the state file:
//   SIGHUP              reload the config (systemctl reload gpiogw)
//   SIGUSR1, SIGUSR2    log a status line (connection, every output, input and sensor)
//   SIGPIPE             ignored (a closed socket is an error return, not a death)
//   every other one     a clean stop, as SIGTERM: SIGINT, SIGTERM, SIGQUIT, SIGALRM,
//                       SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO, SIGPWR, SIGSTKFLT and
//                       the real-time signals
// The faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS) keep their default: they
// mean a bug, after which nothing is to be trusted; systemd restarts the service.

#include <string>
#include <vector>

namespace gpiogw {

enum class SignalAction { stop, reload, report };

struct HandledSignal {
  int number;
  SignalAction action;
};

// The table above (the real-time signals' numbers are only known at run time).
std::vector<HandledSignal> daemon_signals();
// Blocks them all (and ignores SIGPIPE), so that only the loop sees them. First thing in main.
void block_daemon_signals();
// "SIGHUP", "SIGRTMIN+3".
std::string signal_name(int number);

}  // namespace gpiogw
