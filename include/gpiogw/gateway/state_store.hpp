#pragma once
// The last state of the outputs with initial = "restore" and the counters' totals, kept in
// <state_dir>/outputs.state so that a restart (even after kill -9 or a power cut) brings them back.
// Writes are atomic (temp file, fsync, rename) and throttled: the first change is written at once,
// later ones at most once per `min_interval`, coalesced, so a chatty automation does not wear out
// an SD card.
//
// File format, one entry per line: "<name> ON" or "<name> OFF" for an output, "<name> <pulses>" (a
// decimal count) for a counter; '#' starts a comment. Files from before counters load unchanged.

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

  struct Contents {
    std::map<std::string, bool> levels;
    std::map<std::string, std::uint64_t> totals;

    bool operator==(const Contents&) const = default;
  };
  // What `file` holds; empty, with a warning in the log, when it is missing or corrupt.
  static Contents load(const std::filesystem::path& file);

  const std::map<std::string, bool>& levels() const { return contents_.levels; }
  const std::map<std::string, std::uint64_t>& totals() const { return contents_.totals; }
  void record(const std::string& name, bool level);
  void record_total(const std::string& name, std::uint64_t total);
  void flush();  // writes now if a change is pending

 private:
  void changed();
  void write();

  EventLoop& loop_;
  std::filesystem::path file_;
  std::chrono::steady_clock::duration min_interval_;
  Contents contents_;
  Contents written_;
  std::chrono::steady_clock::time_point last_write_{};
  EventLoop::Timer write_timer_;
  bool failing_ = false;  // log a failing disk once per streak, not on every change
};

}  // namespace gpiogw
