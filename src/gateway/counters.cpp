#include "gpiogw/gateway/counters.hpp"

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/names.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/base/text.hpp"
#include "gpiogw/config/duration.hpp"

namespace gpiogw {
namespace {

std::string with_unit(std::string_view value, std::string_view unit) {
  return unit.empty() ? std::string(value) : fmt::format("{} {}", value, unit);
}

std::string shown_total(const counter::PulseCounter& counter) {
  return with_unit(total_payload(counter), counter.config().unit);
}

}  // namespace

std::string total_payload(const counter::PulseCounter& counter) {
  return sensor_payload(counter.units(), counter.config().digits);
}

Counters::Counters(const std::vector<config::Counter>& counters, std::size_t first_line,
                   gpio::Backend& gpio, EventLoop& loop, const Topics& topics,
                   const std::map<std::string, std::uint64_t>& stored, Publish publish,
                   Persist persist)
    : gpio_(gpio),
      loop_(loop),
      topics_(topics),
      publish_(std::move(publish)),
      persist_(std::move(persist)),
      first_line_(first_line),
      retained_wait_(loop.make_timer([this] { publish_all(); })) {
  counters_.reserve(counters.size());
  for (const auto& config : counters) {
    const std::size_t line = first_line++;
    const auto found = stored.find(config.name);
    const std::uint64_t total = found == stored.end() ? 0 : found->second;
    counters_.push_back(
        {line,
         counter::PulseCounter(config, counter::counts_in_software(config, gpio.debounces()),
                               gpio.get(line), total),
         {},
         {}});
  }
  // Timers capture element addresses, so they are made once the vector stops growing.
  for (auto& counter : counters_) {
    counter.settle_timer = loop.make_timer(
        [this, &counter] { counter.logic.on_sample(loop_.now(), gpio_.get(counter.line)); });
    counter.publish_timer = loop.make_timer([this, &counter] {
      counter.publish_due =
          next_on_grid(counter.publish_due, counter.logic.config().interval, loop_.now());
      counter.publish_timer.arm_at(counter.publish_due);
      this->publish(counter);
    });
    counter.publish_due = next_on_grid(loop.now(), counter.logic.config().interval, loop.now());
    counter.publish_timer.arm_at(counter.publish_due);
    log::info("counter '{}' on {}, total {}", counter.logic.config().name,
              gpio_.describe(counter.line), shown_total(counter.logic));
  }
}

Counters::Counter* Counters::find(std::string_view name) {
  return find_by_name(std::span(counters_), name,
                      [](const Counter& counter) { return counter.logic.config().name; });
}

const Counters::Counter* Counters::find(std::string_view name) const {
  return find_by_name(std::span(counters_), name,
                      [](const Counter& counter) { return counter.logic.config().name; });
}

void Counters::on_edges(std::span<const gpio::EdgeEvent> events) {
  const auto now = loop_.now();
  for (const auto& event : events) {
    if (event.index < first_line_ || event.index - first_line_ >= counters_.size()) continue;
    auto& counter = counters_[event.index - first_line_];
    // Absolute: the debouncer compares its deadline with the loop's now() when the timer fires.
    if (const auto at = counter.logic.on_edge(now, event.rising, event.lost)) {
      counter.settle_timer.arm_at(*at);
    }
    if (event.lost > 0) note_gap(counter);
  }
}

void Counters::note_gap(Counter& counter) {
  const auto lost = counter.logic.take_new_gap();
  if (!lost) return;  // the streak this gap belongs to was reported at its start
  const auto& config = counter.logic.config();
  log::warning(
      "counter '{}' on {}: {} pulse{} lost from the kernel's event queue (it overflowed); {}; "
      "further gaps within {} are not logged, {} published counts them all",
      config.name, gpio_.describe(counter.line), *lost, *lost == 1 ? "" : "s",
      counter.logic.debounces_in_software()
          ? "the total misses them"
          : "their sequence numbers tell how many, so the total still counts them",
      config::format_duration(config.interval), topics_.counter_lost(config.name));
}

void Counters::on_connected() {
  for (auto& counter : counters_) counter.heard_retained = false;
  if (!counters_.empty()) retained_wait_.arm_after(kRetainedWait);
}

void Counters::on_retained(Counter& counter, std::string_view payload) {
  const auto& config = counter.logic.config();
  const auto units = parse_number(payload);
  const auto pulses = units ? counter::pulses_of(config, *units) : std::nullopt;
  if (!pulses) {
    log::warning("counter '{}': ignoring the retained total {} on {}: not a total", config.name,
                 printable_excerpt(payload), topics_.counter(config.name));
  } else if (counter.set_unpublished) {
    log::info(
        "counter '{}': keeping the total set while the broker was away, {}, over its "
        "retained {}",
        config.name, shown_total(counter.logic), printable_excerpt(payload));
  } else {
    const std::string before = shown_total(counter.logic);
    if (counter.logic.reconcile(*pulses)) {
      log::info(
          "counter '{}': the broker's retained total {} is higher than {}; counting on from it",
          config.name, shown_total(counter.logic), before);
      persist_(config.name, counter.logic.total());
    }
  }
  counter.heard_retained = true;
  if (retained_wait_.armed() &&
      std::ranges::all_of(counters_, [](const Counter& c) { return c.heard_retained; })) {
    retained_wait_.cancel();
    publish_all();
  }
}

chat::Outcome Counters::set(Counter& counter, std::string_view total, std::string_view who) {
  const auto& config = counter.logic.config();
  const auto units = parse_number(total);
  const auto pulses = units ? counter::pulses_of(config, *units) : std::nullopt;
  if (!pulses) {
    return {false, fmt::format("{} is not a total for counter '{}': give a number of {}, 0 or "
                               "more, such as 1234.5",
                               printable_excerpt(total), config.name,
                               config.unit.empty() ? "pulses" : config.unit)};
  }
  const std::string before = shown_total(counter.logic);
  counter.logic.set(*pulses);
  log::info("counter '{}' set to {} (was {}) by {}", config.name, shown_total(counter.logic),
            before, who);
  counter.set_unpublished = !publish(counter);
  return {true, describe(counter)};
}

std::string Counters::describe(const Counter& counter) const {
  const auto& config = counter.logic.config();
  std::string text = fmt::format("{} {}", config.name, shown_total(counter.logic));
  if (!config.rate_unit.empty()) {
    text += ", " + with_unit(sensor_payload(counter.logic.rate(loop_.now()), config.rate_digits),
                             config.rate_unit);
  }
  return text;
}

void Counters::save() {
  for (const auto& counter : counters_) {
    persist_(counter.logic.config().name, counter.logic.total());
  }
}

bool Counters::publish(Counter& counter) {
  const auto& config = counter.logic.config();
  persist_(config.name, counter.logic.total());
  // A total published before the broker's retained one was heard could be a decrease.
  if (retained_wait_.armed()) return false;
  if (!publish_(topics_.counter(config.name), total_payload(counter.logic))) return false;
  counter.set_unpublished = false;
  if (!config.rate_unit.empty()) {
    publish_(topics_.counter_rate(config.name),
             sensor_payload(counter.logic.rate(loop_.now()), config.rate_digits));
  }
  publish_(topics_.counter_lost(config.name), fmt::format("{}", counter.logic.lost()));
  return true;
}

void Counters::publish_all() {
  for (auto& counter : counters_) publish(counter);
}

}  // namespace gpiogw
