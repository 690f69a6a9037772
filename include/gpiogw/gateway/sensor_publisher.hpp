#pragma once
// Reads every configured sensor at its interval and publishes the readings its change filter lets
// through. Runs on the loop thread: intervals are loop timers that keep their phase (the n-th read
// is due at start + n * interval, whatever reads cost), and blocking reads run off the loop.
// A failing read is logged and published on <prefix>/sensor/<name>/error once per failure streak,
// whatever the reasons of its later reads; only a good reading ends the streak. A reading that is
// not a finite number (inf, nan) is a failed read. Other sensors never notice.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/gateway/async_reader.hpp"
#include "gpiogw/gateway/change_filter.hpp"

namespace gpiogw {

class SensorPublisher {
 public:
  using Publish =
      std::function<void(const std::string& topic, std::string_view payload, bool retain)>;

  SensorPublisher(const config::Config& config, const Topics& topics, EventLoop& loop,
                  Publish publish);
  ~SensorPublisher();

  // What the sensor read last, for the chat's `read <sensor>`.
  struct Latest {
    const std::string& name;     // as configured
    const std::string& value;    // the last good reading as published text; "" before one
    const std::string& failure;  // why the last read failed, in a failure streak; "" when reading
  };
  // The sensor by name (exact, else ignoring case), or nothing.
  std::optional<Latest> latest(std::string_view name) const;
  std::vector<std::string> names() const;

  // After every (re)connect and Home Assistant's birth. The first one starts the reads (now, then
  // at each interval), so that no reading is taken only to be dropped; later ones publish each
  // sensor's last good reading again and make its next reading pass, whatever its filter says, as
  // the last one may have been lost.
  void on_connected();

 private:
  struct Sensor;

  void start();
  void tick(Sensor& sensor);
  void on_reading(Sensor& sensor, sensors::Reading reading);

  EventLoop& loop_;
  Publish publish_;
  std::vector<std::unique_ptr<Sensor>> sensors_;  // stable addresses: timers point at them
  bool started_ = false;
};

}  // namespace gpiogw
