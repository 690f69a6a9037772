#pragma once
// Every MQTT topic the gateway uses is derived here, from the topic prefix, and nowhere else.

#include <string>
#include <string_view>

#include "gpiogw/config/config.hpp"

namespace gpiogw {

// The gateway's health values, published on <prefix>/diagnostics/<name> in this order
// (gateway/health.hpp) and announced to Home Assistant.
inline constexpr std::string_view kHealthNames[] = {"uptime", "version", "reconnects",
                                                    "last_error"};

class Topics {
 public:
  explicit Topics(std::string prefix) : prefix_(std::move(prefix)) {}

  const std::string& prefix() const { return prefix_; }
  std::string status() const;                             // <prefix>/status
  std::string output_state(std::string_view name) const;  // <prefix>/output/<name>
  std::string output_set(std::string_view name) const;    // <prefix>/output/<name>/set
  std::string output_pulse(std::string_view name) const;  // <prefix>/output/<name>/pulse
  std::string input_state(std::string_view name) const;   // <prefix>/input/<name>
  std::string input_event(std::string_view name) const;   // <prefix>/input/<name>/event
  std::string diagnostic(std::string_view name) const;    // <prefix>/diagnostics/<name>
  std::string command() const;                            // <prefix>/cmd
  std::string command_reply() const;                      // <prefix>/cmd/reply
  std::string sensor(std::string_view name) const;        // <prefix>/sensor/<name>
  // Where a sensor's readings go: its own `topic`, else sensor(name).
  std::string sensor_state(const config::Sensor& sensor) const;
  std::string sensor_error(std::string_view name) const;  // <prefix>/sensor/<name>/error
  std::string counter(std::string_view name) const;       // <prefix>/counter/<name>
  std::string counter_rate(std::string_view name) const;  // <prefix>/counter/<name>/rate
  std::string counter_set(std::string_view name) const;   // <prefix>/counter/<name>/set
  std::string counter_lost(std::string_view name) const;  // <prefix>/counter/<name>/lost
  std::string pwm_state(std::string_view name) const;     // <prefix>/pwm/<name>
  std::string pwm_set(std::string_view name) const;       // <prefix>/pwm/<name>/set

 private:
  std::string prefix_;
};

}  // namespace gpiogw
