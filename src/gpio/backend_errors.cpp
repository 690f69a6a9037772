#include "backend_errors.hpp"

#include <cerrno>

#include <fmt/format.h>

namespace gpiogw::gpio {

std::string open_error_text(const std::error_code& error) {
  if (error == std::errc::permission_denied || error == std::errc::operation_not_permitted) {
    return error.message() + " (is the user in the 'gpio' group?)";
  }
  if (error.value() == ENOTTY || error.value() == ENODEV) {
    return "not a GPIO chip device (" + error.message() + ")";
  }
  return error.message();
}

GpioError chip_open_failed(const ChipInfo& chip, const std::error_code& error) {
  return GpioError(fmt::format("GPIO chip {} ({}): cannot open: {}", chip.name, chip.path,
                               open_error_text(error)));
}

bool is_busy(const std::error_code& error) {
  return error == std::errc::device_or_resource_busy;
}

GpioError request_failed(const LineSpec& spec, std::string_view where, const std::error_code& error,
                         std::string_view consumer) {
  std::string reason = error.message();
  if (is_busy(error)) {
    reason = consumer.empty() ? "busy: held by another process or a kernel driver"
                              : fmt::format("busy: held by consumer \"{}\"", consumer);
  } else if (error == std::errc::invalid_argument && spec.bias != Bias::as_is) {
    reason += fmt::format(" (bias \"{}\" needs Linux 5.5 or newer)", to_string(spec.bias));
  }
  return GpioError(fmt::format("{} '{}': cannot request {}: {}", to_string(spec.direction),
                               spec.name, where, reason));
}

GpioError access_failed(const LineSpec& spec, std::string_view action, std::string_view where,
                        const std::error_code& error) {
  return GpioError(fmt::format("{} '{}': cannot {} {}: {}", to_string(spec.direction), spec.name,
                               action, where, error.message()));
}

GpioError not_an_output(const LineSpec& spec, std::string_view where) {
  return GpioError(fmt::format("input '{}': cannot set {}, it is an input", spec.name, where));
}

GpioError no_such_index(std::string_view backend, std::size_t index, std::size_t requested) {
  return GpioError(
      fmt::format("{}: no line with index {} ({} lines requested)", backend, index, requested));
}

GpioError already_requested(std::string_view backend) {
  return GpioError(fmt::format("{}: lines were already requested", backend));
}

[[noreturn]] void throw_errno(std::string_view what) {
  throw GpioError(fmt::format("{}: {}", what, std::system_category().message(errno)));
}

}  // namespace gpiogw::gpio
