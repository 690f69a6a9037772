#pragma once
// One line per event on stderr. Under systemd (JOURNAL_STREAM set) each line carries a syslog
// priority prefix such as "<4>" so journald records the level; elsewhere a timestamp and the
// level name. Safe to call from any thread.

#include <fmt/format.h>

#include <string_view>
#include <utility>

namespace gpiogw::log {

enum class Level { debug, info, warning, error };

void set_level(Level level);
bool enabled(Level level);
void write(Level level, std::string_view message);

template <typename... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::debug)) write(Level::debug, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::info)) write(Level::info, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void warning(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::warning)) {
    write(Level::warning, fmt::format(format, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void error(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::error)) write(Level::error, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace gpiogw::log
