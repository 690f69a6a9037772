// libgpiod 1.6 (Debian 12 / Pi OS bookworm): one request per line, software debounce above.
#include <gpiod.hpp>

#include <map>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "backend_errors.hpp"
#include "epoll_set.hpp"
#include "gpiod_v1_request.hpp"
#include "gpiogw/gpio/chip_scan.hpp"
#include "gpiogw/gpio/gpiod_backend.hpp"
#include "gpiogw/gpio/line_lookup.hpp"

namespace gpiogw::gpio {
namespace {

ChipInfo describe_chip(const std::string& path) {
  return describe_chip_with(path, [&](ChipInfo& info) {
    gpiod::chip chip(path, gpiod::chip::OPEN_BY_PATH);
    info.name = chip.name();
    info.label = chip.label();
    for (unsigned offset = 0; offset < chip.num_lines(); ++offset) {
      const gpiod::line line = chip.get_line(offset);
      info.lines.push_back({offset, line.name(), line.is_used(), line.consumer()});
    }
  });
}

class GpiodV1Backend final : public Backend {
 public:
  GpiodV1Backend(ChipChoice choice, std::string consumer)
      : chips_(std::move(choice.chips)), chosen_(choice.chosen), consumer_(std::move(consumer)) {}

  GpiodV1Backend(const GpiodV1Backend&) = delete;
  GpiodV1Backend& operator=(const GpiodV1Backend&) = delete;

  // Lines are released when the last reference to their chip goes, i.e. with this object.
  ~GpiodV1Backend() override = default;

  void release() override {
    events_.reset();
    release(lines_);
    lines_.clear();
  }

  void request(std::span<const LineSpec> specs) override {
    if (!lines_.empty()) throw already_requested("gpiod");
    const auto locations = locate_lines(specs, chips_, chosen_);
    std::map<std::size_t, gpiod::chip> open;
    std::vector<Requested> lines;
    std::optional<EpollSet> events;
    try {
      for (std::size_t i = 0; i < specs.size(); ++i) {
        const auto [chip_index, offset] = locations[i];
        auto chip = open.find(chip_index);
        if (chip == open.end()) chip = open.emplace(chip_index, open_chip(chip_index)).first;
        Requested requested{specs[i], chip->second.get_line(offset),
                            describe_line(chips_[chip_index], offset)};
        request_line(requested);
        lines.push_back(std::move(requested));
        if (specs[i].direction == Direction::input && specs[i].edge != Edge::none) {
          if (!events) events.emplace();
          events->add(lines.back().line.event_get_fd(), i);
        }
      }
    } catch (const std::system_error& e) {
      release(lines);
      throw GpioError(fmt::format("gpiod: {}", e.code().message()));
    } catch (...) {
      // All or nothing: a failed request must not leave the earlier lines held.
      release(lines);
      throw;
    }
    lines_ = std::move(lines);
    events_ = std::move(events);
  }

  void set(std::size_t index, bool active) override {
    const Requested& requested = at(index);
    if (requested.spec.direction != Direction::output) {
      throw not_an_output(requested.spec, requested.where);
    }
    try {
      requested.line.set_value(active ? 1 : 0);
    } catch (const std::system_error& e) {
      throw access_failed(requested.spec, "set", requested.where, e.code());
    }
  }

  bool get(std::size_t index) override {
    const Requested& requested = at(index);
    try {
      return requested.line.get_value() != 0;
    } catch (const std::system_error& e) {
      throw access_failed(requested.spec, "read", requested.where, e.code());
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
          out.push_back({index, event.event_type == gpiod::line_event::RISING_EDGE, 0});
        }
      } catch (const std::system_error& e) {
        throw access_failed(requested.spec, "read events of", requested.where, e.code());
      }
    }
    return out;
  }

  std::string describe(std::size_t index) const override { return at(index).where; }

  bool debounces() const override { return false; }

 private:
  struct Requested {
    LineSpec spec;
    gpiod::line line;
    std::string where;
  };

  const Requested& at(std::size_t index) const {
    if (index >= lines_.size()) throw no_such_index("gpiod", index, lines_.size());
    return lines_[index];
  }

  gpiod::chip open_chip(std::size_t index) const {
    const ChipInfo& info = chips_[index];
    try {
      return gpiod::chip(info.path, gpiod::chip::OPEN_BY_PATH);
    } catch (const std::system_error& e) {
      throw chip_open_failed(info, e.code());
    }
  }

  void request_line(const Requested& requested) const {
    try {
      requested.line.request(v1::line_request_for(requested.spec, consumer_),
                             v1::initial_value(requested.spec));
    } catch (const std::system_error& e) {
      std::string consumer;
      if (is_busy(e.code())) {
        try {
          requested.line.update();  // the cached info predates whoever took the line since
          consumer = requested.line.consumer();
        } catch (const std::system_error&) {
          // The message then goes without a consumer name.
        }
      }
      throw request_failed(requested.spec, requested.where, e.code(), consumer);
    }
  }

  static void release(const std::vector<Requested>& lines) {
    for (const auto& requested : lines) requested.line.release();
  }

  std::vector<ChipInfo> chips_;
  std::size_t chosen_;
  std::string consumer_;
  std::vector<Requested> lines_;
  std::optional<EpollSet> events_;
};

}  // namespace

std::unique_ptr<Backend> make_gpiod_backend(const std::string& chip, const std::string& consumer) {
  return std::make_unique<GpiodV1Backend>(choose_chip(chip, describe_chip), consumer);
}

std::vector<ChipInfo> list_gpiod_chips() {
  return collect_chips("", describe_chip);
}

}  // namespace gpiogw::gpio
