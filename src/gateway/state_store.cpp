#include "gpiogw/gateway/state_store.hpp"

#include <fstream>
#include <optional>
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
      values_(load_values(file_)),
      written_(values_),
      // flush(), not write(): changes undone within the interval leave nothing to write.
      write_timer_(loop.make_timer([this] { flush(); })) {}

StateStore::~StateStore() {
  flush();
}

namespace {

// The outputs' entries, leaving out the PWM channels'.
std::map<std::string, bool> levels_of(const std::map<std::string, std::string>& values) {
  std::map<std::string, bool> levels;
  for (const auto& [name, value] : values) {
    if (value == "ON" || value == "OFF") levels[name] = value == "ON";
  }
  return levels;
}

}  // namespace

std::map<std::string, bool> StateStore::load(const std::filesystem::path& file) {
  return levels_of(load_values(file));
}

std::map<std::string, bool> StateStore::levels() const {
  return levels_of(values_);
}

std::map<std::string, double> StateStore::percents() const {
  std::map<std::string, double> percents;
  for (const auto& [name, value] : values_) {
    if (auto percent = parse_percent(value)) percents[name] = *percent;
  }
  return percents;
}

std::map<std::string, std::uint64_t> StateStore::totals() const {
  std::map<std::string, std::uint64_t> totals;
  for (const auto& [name, value] : values_) {
    if (auto total = parse_count(value)) totals[name] = *total;
  }
  return totals;
}

std::map<std::string, std::string> StateStore::load_values(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    if (std::filesystem::exists(file)) {
      log::warning("cannot read the state file {}; outputs with initial = \"restore\" start off",
                   file.string());
    } else {
      log::info("no state file {} yet; outputs with initial = \"restore\" start off",
                file.string());
    }
    return {};
  }
  std::map<std::string, std::string> values;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.starts_with('#')) continue;
    std::istringstream words(line);
    std::string name;
    std::string state;
    std::string extra;
    words >> name >> state;
    if (config::check_name(name) ||
        (state != "ON" && state != "OFF" && !parse_percent(state) && !parse_count(state)) ||
        (words >> extra)) {
      log::warning(
          "the state file {} is corrupt (line {}: {}); outputs with initial = "
          "\"restore\" start off",
          file.string(), number, printable_excerpt(line));
      return {};
    }
    values[name] = state;
  }
  return values;
}

void StateStore::record(const std::string& name, bool level) {
  record_value(name, std::string(state_payload(level)));
}

void StateStore::record_percent(const std::string& name, double percent) {
  record_value(name, sensor_payload(percent, 2));
}

void StateStore::record_total(const std::string& name, std::uint64_t total) {
  record_value(name, fmt::format("{}", total));
}

void StateStore::record_value(const std::string& name, std::string value) {
  values_[name] = std::move(value);
  if (values_ == written_ || write_timer_.armed()) return;
  const auto since = loop_.now() - last_write_;
  if (since >= min_interval_) {
    write();
  } else {
    write_timer_.arm_after(min_interval_ - since);
  }
}

void StateStore::flush() {
  write_timer_.cancel();
  if (values_ != written_) write();
}

void StateStore::write() {
  std::string text = "# gpiogw: the last state of outputs with initial = \"restore\"\n";
  for (const auto& [name, value] : values_) text += fmt::format("{} {}\n", name, value);
  last_write_ = loop_.now();
  if (auto problem = write_file_atomically(file_, text)) {
    if (!failing_) log::error("state file: {}; will retry on the next change", *problem);
    failing_ = true;
    return;
  }
  if (failing_) log::info("state file {} written again", file_.string());
  failing_ = false;
  written_ = values_;
}

}  // namespace gpiogw
