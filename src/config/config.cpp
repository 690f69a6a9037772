#include "gpiogw/config/config.hpp"

namespace gpiogw::config {

std::string_view to_string(BackendKind kind) {
  switch (kind) {
    case BackendKind::gpiod:
      return "gpiod";
    case BackendKind::mock:
      return "mock";
  }
  return "?";  // only for values outside the enum; keeps -Wreturn-type quiet
}

std::string_view to_string(Initial initial) {
  switch (initial) {
    case Initial::off:
      return "off";
    case Initial::on:
      return "on";
    case Initial::restore:
      return "restore";
  }
  return "?";
}

std::string_view to_string(OnDisconnect action) {
  switch (action) {
    case OnDisconnect::keep:
      return "keep";
    case OnDisconnect::off:
      return "off";
    case OnDisconnect::on:
      return "on";
  }
  return "?";
}

std::string_view to_string(OnShutdown action) {
  switch (action) {
    case OnShutdown::keep:
      return "keep";
    case OnShutdown::off:
      return "off";
  }
  return "?";
}

std::string_view to_string(Transport transport) {
  switch (transport) {
    case Transport::tcp:
      return "tcp";
    case Transport::tls:
      return "tls";
    case Transport::ws:
      return "ws";
    case Transport::wss:
      return "wss";
  }
  return "?";
}

std::string_view to_string(Protocol protocol) {
  return protocol == Protocol::v5 ? "MQTT 5" : "MQTT 3.1.1";
}

std::string_view to_string(PwmComponent component) {
  switch (component) {
    case PwmComponent::light:
      return "light";
    case PwmComponent::fan:
      return "fan";
    case PwmComponent::number:
      return "number";
  }
  return "?";
}

std::string_view to_string(ButtonEvent event) {
  switch (event) {
    case ButtonEvent::single:
      return "single";
    case ButtonEvent::double_press:
      return "double";
    case ButtonEvent::long_press:
      return "long";
  }
  return "?";
}

std::string_view to_string(RuleOnly only) {
  switch (only) {
    case RuleOnly::always:
      return "always";
    case RuleOnly::disconnected:
      return "disconnected";
  }
  return "?";
}

std::string_view kind_name(const SensorSource& source) {
  struct Name {
    std::string_view operator()(const RandintSensor&) const { return "randint"; }
    std::string_view operator()(const CpuTempSensor&) const { return "cpu_temp"; }
    std::string_view operator()(const Ds18b20Sensor&) const { return "ds18b20"; }
    std::string_view operator()(const IioSensor&) const { return "iio"; }
    std::string_view operator()(const FileSensor&) const { return "file"; }
  };
  return std::visit(Name{}, source);
}

}  // namespace gpiogw::config
