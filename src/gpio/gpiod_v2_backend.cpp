// libgpiod 2.x (Debian 13 / Pi OS trixie): one request per chip for all its lines, per-line
// settings, debounce in the kernel, and edge sequence numbers to notice lost events.
#include <gpiod.hpp>

#include <map>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "backend_errors.hpp"
#include "epoll_set.hpp"
#include "gpiod_v2_request.hpp"
#include "gpiogw/gpio/chip_scan.hpp"
#include "gpiogw/gpio/gpiod_backend.hpp"

namespace gpiogw::gpio {
namespace {

// The kernel's queue of a request's edge events: its maximum (16 for each of the 64 lines a
// request may hold) instead of the default 16 per line, so that a counter's fast pulses wait there
// while the loop is busy (publishing, say) rather than overflow.
constexpr std::size_t kEventQueue = 1024;
// Events taken per read; the rest stay queued and keep the fd readable for the next loop turn.
constexpr std::size_t kReadBatch = 256;

ChipInfo describe_chip(const std::string& path) {
  return describe_chip_with(path, [&](ChipInfo& info) {
    const gpiod::chip chip(path);
    const gpiod::chip_info chip_info = chip.get_info();
    info.name = chip_info.name();
    info.label = chip_info.label();
    for (unsigned offset = 0; offset < chip_info.num_lines(); ++offset) {
      const gpiod::line_info line = chip.get_line_info(offset);
      info.lines.push_back({offset, line.name(), line.used(), line.consumer()});
    }
  });
}

class GpiodV2Backend final : public Backend {
 public:
  GpiodV2Backend(ChipChoice choice, std::string consumer)
      : chips_(std::move(choice.chips)), chosen_(choice.chosen), consumer_(std::move(consumer)) {}

  void release() override {
    events_.reset();
    by_offset_.clear();
    requests_.clear();  // a line_request gives its lines back when it goes
    lines_.clear();
  }

  void request(std::span<const LineSpec> specs) override {
    if (!lines_.empty()) throw already_requested("gpiod");
    const auto locations = locate_lines(specs, chips_, chosen_);
    std::vector<Requested> lines;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      lines.push_back({specs[i], 0, locations[i].offset,
                       describe_line(chips_[locations[i].chip], locations[i].offset), 0});
    }
    // Released by their destructors if a later chip fails: all or nothing.
    std::vector<gpiod::line_request> requests;
    std::vector<std::map<unsigned, std::size_t>> by_offset;
    std::optional<EpollSet> events;
    for (const auto& group : group_by_chip(locations)) {
      auto config = v2::line_config_for(specs, locations, group);
      gpiod::chip chip = open_chip(group.chip);
      try {
        requests.push_back(chip.prepare_request()
                               .set_consumer(consumer_)
                               .set_event_buffer_size(kEventQueue)
                               .set_line_config(config)
                               .do_request());
      } catch (const std::system_error& e) {
        throw request_failure(chip, group, lines, e.code());
      }
      auto& offsets = by_offset.emplace_back();
      bool watched = false;
      for (const auto index : group.lines) {
        lines[index].request = requests.size() - 1;
        offsets.emplace(lines[index].offset, index);
        watched = watched ||
                  (specs[index].direction == Direction::input && specs[index].edge != Edge::none);
      }
      if (watched) {
        if (!events) events.emplace();
        events->add(requests.back().fd(), requests.size() - 1);
      }
    }
    lines_ = std::move(lines);
    requests_ = std::move(requests);
    by_offset_ = std::move(by_offset);
    events_ = std::move(events);
  }

  void set(std::size_t index, bool active) override {
    const Requested& line = at(index);
    if (line.spec.direction != Direction::output) throw not_an_output(line.spec, line.where);
    try {
      requests_[line.request].set_value(
          line.offset, active ? gpiod::line::value::ACTIVE : gpiod::line::value::INACTIVE);
    } catch (const std::system_error& e) {
      throw access_failed(line.spec, "set", line.where, e.code());
    }
  }

  bool get(std::size_t index) override {
    const Requested& line = at(index);
    try {
      return requests_[line.request].get_value(line.offset) == gpiod::line::value::ACTIVE;
    } catch (const std::system_error& e) {
      throw access_failed(line.spec, "read", line.where, e.code());
    }
  }

  int event_fd() const override { return events_ ? events_->fd() : -1; }

  std::vector<EdgeEvent> read_events() override {
    std::vector<EdgeEvent> out;
    if (!events_) return out;
    for (const auto key : events_->ready()) {
      const auto request = static_cast<std::size_t>(key);
      try {
        // The fd is readable, so this does not block; what does not fit in the buffer stays
        // queued and keeps the fd readable for the next round.
        requests_[request].read_edge_events(buffer_);
      } catch (const std::system_error& e) {
        const Requested& first = lines_[by_offset_[request].begin()->second];
        throw access_failed(first.spec, "read events of", first.where, e.code());
      }
      for (const auto& event : buffer_) {
        const auto found = by_offset_[request].find(event.line_offset());
        if (found == by_offset_[request].end()) continue;
        Requested& line = lines_[found->second];
        const auto lost = events_lost(line.last_seqno, event.line_seqno());
        line.last_seqno = event.line_seqno();
        out.push_back(
            {found->second, event.type() == gpiod::edge_event::event_type::RISING_EDGE, lost});
      }
    }
    return out;
  }

  std::string describe(std::size_t index) const override { return at(index).where; }

  bool debounces() const override { return true; }

 private:
  struct Requested {
    LineSpec spec;
    std::size_t request;  // index in requests_
    unsigned offset;
    std::string where;
    std::uint64_t last_seqno;  // 0: no event yet
  };

  const Requested& at(std::size_t index) const {
    if (index >= lines_.size()) throw no_such_index("gpiod", index, lines_.size());
    return lines_[index];
  }

  gpiod::chip open_chip(std::size_t index) const {
    const ChipInfo& info = chips_[index];
    try {
      return gpiod::chip(info.path);
    } catch (const std::system_error& e) {
      throw chip_open_failed(info, e.code());
    }
  }

  // The kernel refuses a request as a whole; name the line that is to blame where that is
  // knowable (the one someone else holds), else every entry of the request.
  static GpioError request_failure(const gpiod::chip& chip, const ChipLines& group,
                                   const std::vector<Requested>& lines,
                                   const std::error_code& error) {
    if (is_busy(error)) {
      for (const auto index : group.lines) {
        try {
          const gpiod::line_info info = chip.get_line_info(lines[index].offset);
          if (info.used()) {
            return request_failed(lines[index].spec, lines[index].where, error, info.consumer());
          }
        } catch (const std::system_error&) {
          // Try the next line; the message may then go without a consumer name.
        }
      }
    }
    if (group.lines.size() == 1) {
      const Requested& line = lines[group.lines.front()];
      return request_failed(line.spec, line.where, error, "");
    }
    std::string entries;
    for (const auto index : group.lines) {
      entries += fmt::format("{}{} '{}' ({})", entries.empty() ? "" : ", ",
                             to_string(lines[index].spec.direction), lines[index].spec.name,
                             lines[index].where);
    }
    return GpioError(fmt::format("cannot request {}: {}", entries, error.message()));
  }

  std::vector<ChipInfo> chips_;
  std::size_t chosen_;
  std::string consumer_;
  std::vector<Requested> lines_;
  std::vector<gpiod::line_request> requests_;
  std::vector<std::map<unsigned, std::size_t>> by_offset_;  // per request: offset -> line index
  std::optional<EpollSet> events_;
  gpiod::edge_event_buffer buffer_{kReadBatch};
};

}  // namespace

std::unique_ptr<Backend> make_gpiod_backend(const std::string& chip, const std::string& consumer) {
  return std::make_unique<GpiodV2Backend>(choose_chip(chip, describe_chip), consumer);
}

std::vector<ChipInfo> list_gpiod_chips() {
  return collect_chips("", describe_chip);
}

}  // namespace gpiogw::gpio
