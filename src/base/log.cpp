#include "gpiogw/base/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>

namespace gpiogw::log {
namespace {

std::atomic<Level> current_level{Level::info};
std::mutex output_mutex;

bool to_journal() {
  static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  return journal;
}

// sd-daemon(3) priority prefixes.
const char* journal_prefix(Level level) {
  switch (level) {
    case Level::debug:
      return "<7>";
    case Level::info:
      return "<6>";
    case Level::warning:
      return "<4>";
    case Level::error:
      return "<3>";
  }
  return "<6>";
}

const char* level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warning:
      return "warning";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return fmt::format("{}.{:03}", text, millis);
}

}  // namespace

void set_level(Level level) {
  current_level = level;
}

bool enabled(Level level) {
  return level >= current_level.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view message) {
  const std::string line =
      to_journal() ? fmt::format("{}{}\n", journal_prefix(level), message)
                   : fmt::format("{} {:<7} {}\n", timestamp(), level_name(level), message);
  const std::lock_guard lock(output_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace gpiogw::log
