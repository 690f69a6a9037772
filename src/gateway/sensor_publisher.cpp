#include "gpiogw/gateway/sensor_publisher.hpp"

#include <fmt/format.h>
#include <cmath>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/names.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/duration.hpp"

namespace gpiogw {

struct SensorPublisher::Sensor {
  const config::Sensor& config;
  std::string topic;
  std::string error_topic;
  AsyncReader reader;
  ChangeFilter filter;
  EventLoop::Timer timer;
  std::chrono::steady_clock::time_point due;
  std::string value;          // the last good reading, rounded as published; empty before one
  std::string failure;        // why the last read of the current streak failed; empty while reading
  unsigned failed_reads = 0;  // in the current streak
  bool overrun_logged = false;  // a read outlasted its interval; logged once until one completes
};

SensorPublisher::SensorPublisher(const config::Config& config, const Topics& topics,
                                 EventLoop& loop, Publish publish)
    : loop_(loop), publish_(std::move(publish)) {
  for (const config::Sensor& sensor : config.sensors) {
    // Built in place: the reader is neither copied nor moved.
    auto entry = std::unique_ptr<Sensor>(new Sensor{
        .config = sensor,
        .topic = topics.sensor_state(sensor),
        .error_topic = topics.sensor_error(sensor.name),
        .reader = AsyncReader(loop, sensors::make_source(sensor.source, config.gateway.sysfs_root)),
        .filter = ChangeFilter(sensor.min_delta, sensor.max_silence),
        .timer = {},
        .due = {},
        .value = {},
        .failure = {},
        .failed_reads = 0,
        .overrun_logged = false});
    entry->timer = loop_.make_timer([this, raw = entry.get()] { tick(*raw); });
    log::info("sensor '{}' ({}) every {} on {}", sensor.name, config::kind_name(sensor.source),
              config::format_duration(sensor.interval), entry->topic);
    sensors_.push_back(std::move(entry));
  }
}

SensorPublisher::~SensorPublisher() = default;

void SensorPublisher::start() {
  started_ = true;
  const auto now = loop_.now();
  for (auto& sensor : sensors_) {
    sensor->due = now;
    tick(*sensor);
  }
}

void SensorPublisher::on_connected() {
  if (!started_) return start();
  for (auto& sensor : sensors_) {
    sensor->filter.reset();
    // Not retained by default: HA back from a restart (or a lost message) would show "unknown"
    // until the next reading. A value from a failure streak is stale and stays unsaid.
    if (!sensor->value.empty() && sensor->failed_reads == 0)
      publish_(sensor->topic, sensor->value, sensor->config.retain);
  }
}

void SensorPublisher::tick(Sensor& sensor) {
  const auto interval = sensor.config.interval;
  const auto now = loop_.now();
  sensor.due = next_on_grid(sensor.due, interval, now);
  sensor.timer.arm_at(sensor.due);

  if (sensor.reader.busy()) {
    if (!sensor.overrun_logged)
      log::warning("sensor '{}': a read is still running after {}; skipping readings until it ends",
                   sensor.config.name, config::format_duration(interval));
    sensor.overrun_logged = true;
    return;
  }
  sensor.reader.read([this, &sensor](sensors::Reading reading) {
    sensor.overrun_logged = false;
    on_reading(sensor, std::move(reading));
  });
}

void SensorPublisher::on_reading(Sensor& sensor, sensors::Reading reading) {
  const std::string& name = sensor.config.name;
  // Scale and offset (or a source gone wrong) can overflow: "inf" and "nan" are not readings.
  if (const double* value = std::get_if<double>(&reading); value && !std::isfinite(*value))
    reading = sensors::ReadError{fmt::format("the reading is not a finite number ({})", *value)};
  if (auto* error = std::get_if<sensors::ReadError>(&reading)) {
    // Reported at the streak's first failed read only: the reason may change at every read (a
    // file of random bytes) and must not turn into a message per interval.
    if (sensor.failed_reads++ == 0) {
      log::warning("sensor '{}': {}", name, error->message);
      publish_(sensor.error_topic, error->message, false);
    }
    sensor.failure = std::move(error->message);
    return;
  }
  if (sensor.failed_reads > 0) {
    log::info("sensor '{}' reads again after {} failed read{}", name, sensor.failed_reads,
              sensor.failed_reads == 1 ? "" : "s");
    sensor.failed_reads = 0;
    sensor.failure.clear();
  }
  const double value = round_to_digits(std::get<double>(reading), sensor.config.digits);
  sensor.value = sensor_payload(value, sensor.config.digits);
  if (!sensor.filter.pass(value, loop_.now())) return;
  log::debug("sensor '{}' {}", name, sensor.value);
  publish_(sensor.topic, sensor.value, sensor.config.retain);
}

std::optional<SensorPublisher::Latest> SensorPublisher::latest(std::string_view name) const {
  const auto* found = find_by_name(std::span(sensors_), name, [](const auto& sensor) {
    return std::string_view(sensor->config.name);
  });
  if (!found) return std::nullopt;
  const Sensor& sensor = **found;
  return Latest{sensor.config.name, sensor.value, sensor.failure};
}

std::vector<std::string> SensorPublisher::names() const {
  std::vector<std::string> names;
  for (const auto& sensor : sensors_) names.push_back(sensor->config.name);
  return names;
}

}  // namespace gpiogw
