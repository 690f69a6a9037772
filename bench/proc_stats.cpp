#include "proc_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace gpiogw::bench {
namespace {

namespace fs = std::filesystem;

// The value of a "Key:  value ..." line of a /proc status file, or 0.
long status_field(const fs::path& file, std::string_view key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':') {
      return std::stol(line.substr(key.size() + 1));
    }
  }
  return 0;
}

double cpu_seconds(const fs::path& stat_file) {
  std::ifstream in(stat_file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name may hold spaces and parentheses: fields are counted after the last ')'.
  const auto end_of_name = text.rfind(')');
  if (end_of_name == std::string::npos)
    throw std::runtime_error("cannot read " + stat_file.string());
  std::istringstream fields(text.substr(end_of_name + 2));
  std::string field;
  long utime = 0;
  long stime = 0;
  for (int number = 3; fields >> field; ++number) {  // field 3 is the state
    if (number == 14) utime = std::stol(field);
    if (number == 15) {
      stime = std::stol(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

long ProcessSample::voluntary() const {
  return std::accumulate(per_thread.begin(), per_thread.end(), 0L,
                         [](long sum, const ThreadCounters& t) { return sum + t.voluntary; });
}

long ProcessSample::involuntary() const {
  return std::accumulate(per_thread.begin(), per_thread.end(), 0L,
                         [](long sum, const ThreadCounters& t) { return sum + t.involuntary; });
}

ProcessSample sample_process(pid_t pid) {
  const fs::path dir = fs::path("/proc") / std::to_string(pid);
  if (!fs::exists(dir / "stat")) {
    throw std::runtime_error("process " + std::to_string(pid) + " is gone");
  }
  ProcessSample sample;
  sample.cpu_seconds = cpu_seconds(dir / "stat");
  sample.rss_kb = status_field(dir / "status", "VmRSS");
  sample.hwm_kb = status_field(dir / "status", "VmHWM");
  sample.threads = static_cast<int>(status_field(dir / "status", "Threads"));
  sample.pss_kb = status_field(dir / "smaps_rollup", "Pss");
  sample.private_kb = status_field(dir / "smaps_rollup", "Private_Clean") +
                      status_field(dir / "smaps_rollup", "Private_Dirty");
  std::error_code error;
  for (const auto& task : fs::directory_iterator(dir / "task", error)) {
    sample.per_thread.push_back(
        {.tid = std::stoi(task.path().filename().string()),
         .name = first_line(task.path() / "comm"),
         .voluntary = status_field(task.path() / "status", "voluntary_ctxt_switches"),
         .involuntary = status_field(task.path() / "status", "nonvoluntary_ctxt_switches")});
  }
  return sample;
}

}  // namespace gpiogw::bench
