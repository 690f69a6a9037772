#pragma once
// What Linux accounts for a process, from /proc/<pid>: CPU time, memory, threads and context
// switches (summed over all its threads, since /proc/<pid>/status counts only the main one).

#include <sys/types.h>
#include <string>
#include <vector>

namespace gpiogw::bench {

struct ThreadCounters {
  pid_t tid = 0;
  std::string name;  // /proc/<pid>/task/<tid>/comm
  long voluntary = 0;
  long involuntary = 0;
};

struct ProcessSample {
  double cpu_seconds = 0;  // user + system, all threads
  long rss_kb = 0;         // VmRSS
  long hwm_kb = 0;         // VmHWM, the peak of VmRSS
  // VmRSS counts every shared library page in full; these say what the process adds itself.
  long pss_kb = 0;      // shared pages divided among the processes that map them
  long private_kb = 0;  // pages no other process maps
  int threads = 0;
  std::vector<ThreadCounters> per_thread;

  long voluntary() const;
  long involuntary() const;
};

// Throws std::runtime_error if the process is gone.
ProcessSample sample_process(pid_t pid);

}  // namespace gpiogw::bench
