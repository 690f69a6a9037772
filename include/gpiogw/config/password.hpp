#pragma once
// Where the broker password comes from, first match wins:
//   1. the environment variable GPIOGW_MQTT_PASSWORD (the password itself);
//   2. [mqtt] password_file (its first line);
//   3. the systemd credential "mqtt-password" ($CREDENTIALS_DIRECTORY/mqtt-password, made by
//      LoadCredential=mqtt-password:/etc/gpiogw/mqtt-password in the unit).
// The password itself never goes into a message; only where it came from does.

#include <functional>
#include <string>
#include <variant>

#include "gpiogw/config/config.hpp"

namespace gpiogw {

struct Password {
  std::string value;   // empty: no password
  std::string source;  // e.g. "GPIOGW_MQTT_PASSWORD" or the file's path; empty without one
};

using EnvironmentLookup = std::function<const char*(const char* name)>;

// The password, or what is wrong (an unreadable or empty file, a password without a username).
std::variant<Password, std::string> find_password(const config::Mqtt& mqtt,
                                                  const EnvironmentLookup& environment);

}  // namespace gpiogw
