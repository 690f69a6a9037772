#pragma once
// In-process GPIO backend for PCs and tests. With a sim_dir it mirrors the kernel's gpio-sim sysfs
// layout so that another process can drive inputs and watch outputs:
//   <sim_dir>/sim_gpioN/value  the line's current physical level, "0\n" or "1\n", replaced
//                              atomically (temp file + rename) on every change
//   <sim_dir>/sim_gpioN/pull   write "pull-up" or "pull-down" to drive an input line; anything
//                              else is ignored and the line keeps its level
//   <sim_dir>/sim_gpioN/pulses append a line with a count N ("1000\n") to make an input line go
//                              N times to the other level and back, at once (counters: thousands
//                              of edges without thousands of file writes); each line is one burst
//   <sim_dir>/sim_gpioN/lose   append a line with a count K: the line's next K edge events are
//                              dropped, as an overflowing kernel queue drops them; the event after
//                              them reports K lost (EdgeEvent::lost), as libgpiod v2's sequence
//                              numbers do
//   <sim_dir>/sim_gpioN/owner  the consumer's name; locked (flock) while the line is requested, so
//                              a second request for it, from any process, fails as busy the way
//                              a gpiod chip's does, naming that consumer. The name stays after
//                              release: only the lock says whether the line is held.
// Bursts and losses appended before a request (an earlier run's) are ignored. Every event is
// numbered per line, so `lost` is 0 unless `lose` asked for a loss.
// A folder exists for every requested line. A request is all or nothing: one that fails gives back
// every line it took. The request sets an input's pull from its bias
// (pull-up / pull-down); with bias as-is or disabled an existing pull file is kept, else
// "pull-down". Writes to pull files arrive through inotify (no polling) on event_fd().
// Its one chip is "mock" [gpiogw-mock] with lines named GPIO0..GPIO<num_lines-1>, like a Raspberry
// Pi header chip; lines are looked up by the same rules as on real chips (line_lookup.hpp). It does
// not debounce: the gateway does.
// Not thread-safe: like every backend it belongs to the loop thread.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/gpio/chip_info.hpp"

namespace gpiogw::gpio {

struct MockOptions {
  std::filesystem::path sim_dir;  // empty: no outside face
  unsigned num_lines = 64;
  // Keep every level written to an output, for writes(). Only for tests: the history grows with
  // every command, so the daemon (which may run for months on the mock) keeps none.
  bool record_writes = false;
  // Who holds the lines, as a gpiod request's consumer: another request for a held line names it.
  std::string consumer = "gpiogw";
};

// The mock's chip as --list-lines shows it (all lines free: only the gateway itself uses them).
ChipInfo mock_chip(unsigned num_lines);

struct MockWrite {
  unsigned offset;
  bool physical_level;
};

class MockBackend final : public Backend {
 public:
  explicit MockBackend(MockOptions options);
  ~MockBackend() override;
  MockBackend(const MockBackend&) = delete;
  MockBackend& operator=(const MockBackend&) = delete;

  void request(std::span<const LineSpec> specs) override;
  void release() override;
  void set(std::size_t index, bool active) override;
  bool get(std::size_t index) override;
  int event_fd() const override;
  std::vector<EdgeEvent> read_events() override;
  std::string describe(std::size_t index) const override;
  bool debounces() const override { return false; }

  // Test hooks: drive a requested input's physical level from inside the process (as writing its
  // pull file would; the pull file is rewritten too), and, with MockOptions::record_writes, every
  // level the gateway wrote to an output, in order (including the initial value of the request).
  // drive() throws GpioError for an output or a line that was not requested.
  void drive(unsigned offset, bool physical_level);
  const std::vector<MockWrite>& writes() const;

 private:
  void request_lines(std::span<const LineSpec> specs);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpiogw::gpio
