#include "gpiogw/config/topics.hpp"

#include <fmt/format.h>

namespace gpiogw {

std::string Topics::status() const {
  return prefix_ + "/status";
}

std::string Topics::diagnostic(std::string_view name) const {
  return fmt::format("{}/diagnostics/{}", prefix_, name);
}

std::string Topics::command() const {
  return prefix_ + "/cmd";
}

std::string Topics::command_reply() const {
  return prefix_ + "/cmd/reply";
}

std::string Topics::output_state(std::string_view name) const {
  return fmt::format("{}/output/{}", prefix_, name);
}

std::string Topics::output_set(std::string_view name) const {
  return fmt::format("{}/output/{}/set", prefix_, name);
}

std::string Topics::output_pulse(std::string_view name) const {
  return fmt::format("{}/output/{}/pulse", prefix_, name);
}

std::string Topics::input_state(std::string_view name) const {
  return fmt::format("{}/input/{}", prefix_, name);
}

std::string Topics::input_event(std::string_view name) const {
  return input_state(name) + "/event";
}

std::string Topics::sensor(std::string_view name) const {
  return fmt::format("{}/sensor/{}", prefix_, name);
}

std::string Topics::sensor_state(const config::Sensor& sensor) const {
  return sensor.topic.empty() ? this->sensor(sensor.name) : sensor.topic;
}

std::string Topics::sensor_error(std::string_view name) const {
  return fmt::format("{}/sensor/{}/error", prefix_, name);
}

std::string Topics::counter(std::string_view name) const {
  return fmt::format("{}/counter/{}", prefix_, name);
}

std::string Topics::counter_rate(std::string_view name) const {
  return counter(name) + "/rate";
}

std::string Topics::counter_set(std::string_view name) const {
  return counter(name) + "/set";
}

std::string Topics::counter_lost(std::string_view name) const {
  return counter(name) + "/lost";
}

std::string Topics::pwm_state(std::string_view name) const {
  return fmt::format("{}/pwm/{}", prefix_, name);
}

std::string Topics::pwm_set(std::string_view name) const {
  return fmt::format("{}/pwm/{}/set", prefix_, name);
}

}  // namespace gpiogw
