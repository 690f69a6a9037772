#include "gpiogw/config/password.hpp"

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace gpiogw {
namespace {

namespace fs = std::filesystem;

constexpr const char* kVariable = "GPIOGW_MQTT_PASSWORD";
constexpr const char* kCredential = "mqtt-password";

std::variant<Password, std::string> read_first_line(const fs::path& file) {
  std::ifstream in(file);
  if (!in)
    return fmt::format("cannot read the password file {}: {}", file.string(), std::strerror(errno));
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return fmt::format("the password file {} is empty", file.string());
  return Password{std::move(line), file.string()};
}

std::variant<Password, std::string> lookup(const config::Mqtt& mqtt,
                                           const EnvironmentLookup& environment) {
  if (const char* value = environment(kVariable); value && *value)
    return Password{value, kVariable};
  if (!mqtt.password_file.empty()) return read_first_line(mqtt.password_file);
  if (const char* directory = environment("CREDENTIALS_DIRECTORY"); directory && *directory) {
    const fs::path credential = fs::path(directory) / kCredential;
    std::error_code error;
    if (fs::exists(credential, error)) return read_first_line(credential);
  }
  return Password{};
}

}  // namespace

std::variant<Password, std::string> find_password(const config::Mqtt& mqtt,
                                                  const EnvironmentLookup& environment) {
  auto found = lookup(mqtt, environment);
  const auto* password = std::get_if<Password>(&found);
  if (password && !password->value.empty() && mqtt.username.empty())
    return fmt::format(
        "a password is set ({}) but [mqtt] username is empty; MQTT sends a password only "
        "together with a user name",
        password->source);
  return found;
}

}  // namespace gpiogw
