#pragma once
// The last state of the outputs and PWM channels with initial = "restore" and the counters' totals,
// kept in <state_dir>/outputs.state so that a restart (even after kill -9 or a power cut) brings
// them back. Writes are atomic (temp file,
// fsync, rename) and throttled: the first change is written at once, later ones at most once per
// `min_interval`, coalesced, so a chatty automation does not wear out an SD card.
//
// File format, one entry per line: "<name> ON" or "<name> OFF" for an output, "<name> <percent>"
// (e.g. "fan 40.5") for a PWM channel, "<name> <pulses>" (a whole number, e.g. "water 1234567")
// for a counter; '#' starts a comment. Files from before PWM and counters read the same. Names are
// unique across all of them, so each owner reads its own entries.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "gpiogw/base/event_loop.hpp"

namespace gpiogw {

class StateStore {
 public:
  static constexpr std::chrono::seconds kMinInterval{2};

  // Starts from what the file holds (see load()).
  StateStore(std::filesystem::path file, EventLoop& loop,
             std::chrono::steady_clock::duration min_interval = kMinInterval);
  ~StateStore();  // writes what is still pending
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // The outputs' levels in `file`; empty, with a warning in the log, when it is missing or
  // corrupt.
  static std::map<std::string, bool> load(const std::filesystem::path& file);

  std::map<std::string, bool> levels() const;
  std::map<std::string, double> percents() const;  // the PWM channels'
  // The counters': every entry that is a whole number (a PWM channel's may look like one too).
  std::map<std::string, std::uint64_t> totals() const;
  void record(const std::string& name, bool level);
  void record_percent(const std::string& name, double percent);
  void record_total(const std::string& name, std::uint64_t total);
  void flush();  // writes now if a change is pending

 private:
  // Every entry as its text ("ON", "OFF", "40.5"); empty when missing or corrupt.
  static std::map<std::string, std::string> load_values(const std::filesystem::path& file);
  void record_value(const std::string& name, std::string value);
  void write();

  EventLoop& loop_;
  std::filesystem::path file_;
  std::chrono::steady_clock::duration min_interval_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> written_;
  std::chrono::steady_clock::time_point last_write_{};
  EventLoop::Timer write_timer_;
  bool failing_ = false;  // log a failing disk once per streak, not on every change
};

}  // namespace gpiogw
