#include "gpiogw/gateway/state_store.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "gpiogw/base/atomic_file.hpp"
#include "gpiogw/base/log.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/rules.hpp"

namespace gpiogw {

StateStore::StateStore(std::filesystem::path file, EventLoop& loop,
                       std::chrono::steady_clock::duration min_interval)
    : loop_(loop),
      file_(std::move(file)),
      min_interval_(min_interval),
      contents_(load(file_)),
      written_(contents_),
      // flush(), not write(): changes undone within the interval leave nothing to write.
      write_timer_(loop.make_timer([this] { flush(); })) {}

StateStore::~StateStore() {
  flush();
}

StateStore::Contents StateStore::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    if (std::filesystem::exists(file)) {
      log::warning(
          "cannot read the state file {}; outputs with initial = \"restore\" start off, "
          "counters at 0",
          file.string());
    } else {
      log::info("no state file {} yet; outputs with initial = \"restore\" start off, counters at 0",
                file.string());
    }
    return {};
  }
  Contents contents;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.starts_with('#')) continue;
    std::istringstream words(line);
    std::string name;
    std::string state;
    std::string extra;
    words >> name >> state;
    std::uint64_t total = 0;
    const auto [end, problem] = std::from_chars(state.data(), state.data() + state.size(), total);
    const bool is_total =
        !state.empty() && problem == std::errc() && end == state.data() + state.size();
    if (config::check_name(name) || (state != "ON" && state != "OFF" && !is_total) ||
        (words >> extra)) {
      log::warning(
          "the state file {} is corrupt (line {}: {}); outputs with initial = "
          "\"restore\" start off, counters at 0",
          file.string(), number, printable_excerpt(line));
      return {};
    }
    if (is_total) {
      contents.totals[name] = total;
    } else {
      contents.levels[name] = state == "ON";
    }
  }
  return contents;
}

void StateStore::record(const std::string& name, bool level) {
  contents_.levels[name] = level;
  changed();
}

void StateStore::record_total(const std::string& name, std::uint64_t total) {
  contents_.totals[name] = total;
  changed();
}

void StateStore::changed() {
  if (contents_ == written_ || write_timer_.armed()) return;
  const auto since = loop_.now() - last_write_;
  if (since >= min_interval_) {
    write();
  } else {
    write_timer_.arm_after(min_interval_ - since);
  }
}

void StateStore::flush() {
  write_timer_.cancel();
  if (contents_ != written_) write();
}

void StateStore::write() {
  std::string text =
      "# gpiogw: the last state of outputs with initial = \"restore\", and counters' totals in "
      "pulses\n";
  for (const auto& [name, level] : contents_.levels) {
    text += fmt::format("{} {}\n", name, state_payload(level));
  }
  for (const auto& [name, total] : contents_.totals) text += fmt::format("{} {}\n", name, total);
  last_write_ = loop_.now();
  if (auto problem = write_file_atomically(file_, text)) {
    if (!failing_) log::error("state file: {}; will retry on the next change", *problem);
    failing_ = true;
    return;
  }
  if (failing_) log::info("state file {} written again", file_.string());
  failing_ = false;
  written_ = contents_;
}

}  // namespace gpiogw
