#pragma once
// For checking a sensor's failed reads by their message.

#include <string>

#include "gpiogw/sensors/source.hpp"

namespace gpiogw::test {

// The error's message, or "(no error)" when the read gave a value.
inline std::string error_of(const sensors::Reading& reading) {
  const auto* error = std::get_if<sensors::ReadError>(&reading);
  return error ? error->message : "(no error)";
}

}  // namespace gpiogw::test
