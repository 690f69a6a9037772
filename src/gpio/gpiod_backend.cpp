// The only file that includes <gpiod.hpp> (libgpiod 1.6 C++ bindings).
#include "gpiogw/gpio/gpiod_backend.hpp"

#include <gpiod.hpp>

#include <algorithm>
#include <bitset>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "epoll_set.hpp"

namespace gpiogw::gpio {
namespace {

namespace fs = std::filesystem;

// A /dev/gpiochipN entry; `chip` is empty when it could not be opened, and `error` says why.
struct FoundChip {
  std::string name;
  unsigned number;
  gpiod::chip chip;
  std::string error;
};

std::string open_error(const std::system_error& e) {
  if (e.code() == std::errc::permission_denied || e.code() == std::errc::operation_not_permitted) {
    return e.code().message() + " (is the user in the 'gpio' group?)";
  }
  if (e.code().value() == ENOTTY || e.code().value() == ENODEV) {
    return "not a GPIO chip device (" + e.code().message() + ")";
  }
  return e.code().message();
}

// Every GPIO chip in number order. Scanned by hand rather than with gpiod::make_chip_iter(),
// which gives up on all chips as soon as one cannot be opened.
std::vector<FoundChip> scan_chips() {
  std::vector<FoundChip> chips;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/dev", error)) {
    const std::string name = entry.path().filename().string();
    unsigned number = 0;
    const char* last = name.data() + name.size();
    if (!name.starts_with("gpiochip") ||
        std::from_chars(name.data() + 8, last, number).ptr != last) {
      continue;
    }
    FoundChip found{name, number, {}, {}};
    try {
      found.chip.open(entry.path().string(), gpiod::chip::OPEN_BY_PATH);
    } catch (const std::system_error& e) {
      found.error = open_error(e);
    }
    chips.push_back(std::move(found));
  }
  std::sort(chips.begin(), chips.end(),
            [](const FoundChip& a, const FoundChip& b) { return a.number < b.number; });
  return chips;
}

// What exists, for error messages: "chips present: gpiochip0 [pinctrl-bcm2711] 58 lines, ...".
std::string inventory(const std::vector<FoundChip>& chips) {
  if (chips.empty()) {
    return "there are no GPIO chips at all (/dev/gpiochip* missing: no GPIO hardware or driver; "
           "on a PC use the mock backend)";
  }
  std::string text = "chips present:";
  for (const auto& found : chips) {
    text += (&found == &chips.front()) ? " " : ", ";
    if (found.chip) {
      text +=
          fmt::format("{} [{}] {} lines", found.name, found.chip.label(), found.chip.num_lines());
    } else {
      text += fmt::format("{} (cannot open: {})", found.name, found.error);
    }
  }
  return text;
}

gpiod::chip open_chip(const std::string& spec, const std::vector<FoundChip>& chips) {
  if (spec == "auto") {
    for (const auto& found : chips) {
      if (found.chip && found.chip.label().starts_with("pinctrl-")) return found.chip;
    }
    throw GpioError(
        fmt::format("GPIO chip \"auto\": no chip labelled pinctrl-*; {}", inventory(chips)));
  }
  if (spec.starts_with('/')) {
    try {
      return gpiod::chip(spec, gpiod::chip::OPEN_BY_PATH);
    } catch (const std::system_error& e) {
      throw GpioError(fmt::format("GPIO chip \"{}\": cannot open: {}; {}", spec, open_error(e),
                                  inventory(chips)));
    }
  }
  for (const auto& found : chips) {
    if (found.name == spec && !found.chip) {
      throw GpioError(fmt::format("GPIO chip \"{}\": cannot open: {}", spec, found.error));
    }
    if (found.chip && (found.name == spec || found.chip.label() == spec)) return found.chip;
  }
  throw GpioError(
      fmt::format("GPIO chip \"{}\": no chip with that name or label; {}", spec, inventory(chips)));
}

int request_type(const LineSpec& spec) {
  if (spec.direction == Direction::output) return gpiod::line_request::DIRECTION_OUTPUT;
  switch (spec.edge) {
    case Edge::none:
      return gpiod::line_request::DIRECTION_INPUT;
    case Edge::rising:
      return gpiod::line_request::EVENT_RISING_EDGE;
    case Edge::falling:
      return gpiod::line_request::EVENT_FALLING_EDGE;
    case Edge::both:
      return gpiod::line_request::EVENT_BOTH_EDGES;
  }
  return gpiod::line_request::DIRECTION_INPUT;
}

std::bitset<32> request_flags(const LineSpec& spec) {
  std::bitset<32> flags;
  if (spec.active_low) flags |= gpiod::line_request::FLAG_ACTIVE_LOW;
  switch (spec.bias) {
    case Bias::as_is:
      break;
    case Bias::disabled:
      flags |= gpiod::line_request::FLAG_BIAS_DISABLE;
      break;
    case Bias::pull_up:
      flags |= gpiod::line_request::FLAG_BIAS_PULL_UP;
      break;
    case Bias::pull_down:
      flags |= gpiod::line_request::FLAG_BIAS_PULL_DOWN;
      break;
  }
  return flags;
}

// "gpiochip0 [pinctrl-bcm2711] offset 17 (GPIO17)"
std::string where(const gpiod::line& line) {
  const gpiod::chip& chip = line.get_chip();
  std::string text = fmt::format("{} [{}] offset {}", chip.name(), chip.label(), line.offset());
  if (const std::string name = line.name(); !name.empty()) text += fmt::format(" ({})", name);
  return text;
}

class GpiodBackend final : public Backend {
 public:
  GpiodBackend(std::vector<FoundChip> chips, gpiod::chip chip, std::string consumer)
      : chips_(std::move(chips)), chip_(std::move(chip)), consumer_(std::move(consumer)) {}

  GpiodBackend(const GpiodBackend&) = delete;
  GpiodBackend& operator=(const GpiodBackend&) = delete;

  // Lines are released when the last reference to their chip goes, i.e. with this object.
  ~GpiodBackend() override = default;

  void request(std::span<const LineSpec> specs) override {
    if (!lines_.empty()) throw GpioError("gpiod: lines were already requested");
    std::vector<Requested> lines;
    std::optional<EpollSet> events;
    try {
      std::map<std::pair<std::string, unsigned>, const LineSpec*> taken;
      for (const auto& spec : specs) {
        gpiod::line line = find(spec);
        const auto key = std::pair(line.get_chip().name(), line.offset());
        if (const auto [it, fresh] = taken.emplace(key, &spec); !fresh) {
          throw GpioError(fmt::format("line {} on {} requested twice: by '{}' and '{}'",
                                      line.offset(), key.first, it->second->name, spec.name));
        }
        request_line(spec, line);
        lines.push_back({spec, line, where(line)});
      }
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].spec.direction == Direction::input && lines[i].spec.edge != Edge::none) {
          if (!events) events.emplace();
          events->add(lines[i].line.event_get_fd(), i);
        }
      }
    } catch (...) {
      // All or nothing: a failed request must not leave the earlier lines held.
      for (const auto& requested : lines) requested.line.release();
      throw;
    }
    lines_ = std::move(lines);
    events_ = std::move(events);
    chips_.clear();  // only needed to find lines by name; the lines keep their own chips open
  }

  void set(std::size_t index, bool active) override {
    const Requested& requested = at(index);
    if (requested.spec.direction != Direction::output) {
      throw GpioError(fmt::format("input '{}': cannot set {}, it is an input", requested.spec.name,
                                  requested.where));
    }
    try {
      requested.line.set_value(active ? 1 : 0);
    } catch (const std::system_error& e) {
      throw GpioError(fmt::format("output '{}': cannot set {}: {}", requested.spec.name,
                                  requested.where, e.code().message()));
    }
  }

  bool get(std::size_t index) override {
    const Requested& requested = at(index);
    try {
      return requested.line.get_value() != 0;
    } catch (const std::system_error& e) {
      throw GpioError(fmt::format("{} '{}': cannot read {}: {}",
                                  to_string(requested.spec.direction), requested.spec.name,
                                  requested.where, e.code().message()));
    }
  }

  int event_fd() const override { return events_ ? events_->fd() : -1; }

  std::vector<EdgeEvent> read_events() override {
    std::vector<EdgeEvent> out;
    if (!events_) return out;
    for (const auto key : events_->ready()) {
      const auto index = static_cast<std::size_t>(key);
      const Requested& requested = lines_[index];
      try {
        // One read takes everything the kernel queued for the line (its FIFO holds 16), and the
        // fd is readable, so this does not block.
        for (const auto& event : requested.line.event_read_multiple()) {
          out.push_back({index, event.event_type == gpiod::line_event::RISING_EDGE});
        }
      } catch (const std::system_error& e) {
        throw GpioError(fmt::format("input '{}': cannot read events of {}: {}", requested.spec.name,
                                    requested.where, e.code().message()));
      }
    }
    return out;
  }

  std::string describe(std::size_t index) const override { return at(index).where; }

 private:
  struct Requested {
    LineSpec spec;
    gpiod::line line;
    std::string where;
  };

  const Requested& at(std::size_t index) const {
    if (index >= lines_.size()) {
      throw GpioError(
          fmt::format("gpiod: no line with index {} ({} lines requested)", index, lines_.size()));
    }
    return lines_[index];
  }

  // By offset on the chosen chip; by name on that chip first, then on every other chip (a Pi 5
  // renumbers its chips between kernels, line names stay).
  gpiod::line find(const LineSpec& spec) const {
    const auto kind = to_string(spec.direction);
    try {
      if (const auto* offset = std::get_if<unsigned>(&spec.line)) {
        if (*offset >= chip_.num_lines()) {
          throw GpioError(fmt::format("{} '{}': line {} does not exist on {} [{}] (offsets 0..{})",
                                      kind, spec.name, *offset, chip_.name(), chip_.label(),
                                      chip_.num_lines() - 1));
        }
        return chip_.get_line(*offset);
      }
      const auto& name = std::get<std::string>(spec.line);
      if (gpiod::line line = chip_.find_line(name)) return line;
      for (const auto& found : chips_) {
        if (!found.chip) continue;
        if (gpiod::line line = found.chip.find_line(name)) return line;
      }
      throw GpioError(fmt::format("{} '{}': no line named \"{}\" on any chip; {}", kind, spec.name,
                                  name, inventory(chips_)));
    } catch (const std::system_error& e) {
      throw GpioError(fmt::format("{} '{}': cannot look up line {}: {}", kind, spec.name,
                                  to_string(spec.line), e.code().message()));
    }
  }

  void request_line(const LineSpec& spec, const gpiod::line& line) const {
    const gpiod::line_request config{consumer_, request_type(spec), request_flags(spec)};
    try {
      // The initial value is part of the request, so an output never glitches.
      line.request(config, spec.direction == Direction::output && spec.initial ? 1 : 0);
    } catch (const std::system_error& e) {
      throw GpioError(fmt::format("{} '{}': cannot request {}: {}", to_string(spec.direction),
                                  spec.name, where(line), request_failure(e, spec, line)));
    }
  }

  static std::string request_failure(const std::system_error& e, const LineSpec& spec,
                                     const gpiod::line& line) {
    if (e.code() == std::errc::device_or_resource_busy) {
      std::string consumer;
      try {
        line.update();  // the cached info predates whoever took the line since
        consumer = line.consumer();
      } catch (const std::system_error&) {
        // Fall through to the message without a consumer name.
      }
      return consumer.empty() ? "busy: held by another process or a kernel driver"
                              : fmt::format("busy: held by consumer \"{}\"", consumer);
    }
    if (e.code() == std::errc::invalid_argument && spec.bias != Bias::as_is) {
      return fmt::format("{} (bias \"{}\" needs Linux 5.5 or newer)", e.code().message(),
                         to_string(spec.bias));
    }
    return e.code().message();
  }

  std::vector<FoundChip> chips_;
  gpiod::chip chip_;
  std::string consumer_;
  std::vector<Requested> lines_;
  std::optional<EpollSet> events_;
};

}  // namespace

std::unique_ptr<Backend> make_gpiod_backend(const std::string& chip, const std::string& consumer) {
  auto chips = scan_chips();
  auto opened = open_chip(chip, chips);
  return std::make_unique<GpiodBackend>(std::move(chips), std::move(opened), consumer);
}

}  // namespace gpiogw::gpio
