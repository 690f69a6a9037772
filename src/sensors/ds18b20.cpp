#include "gpiogw/sensors/ds18b20.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <optional>
#include <system_error>
#include <vector>

#include "gpiogw/sensors/text_file.hpp"

namespace gpiogw::sensors {
namespace {

namespace fs = std::filesystem;

// 85 °C is what the scratchpad holds at power-on: a conversion that did not run (often a weak
// supply in parasite mode) reads as exactly this.
constexpr double kPowerOnMillidegrees = 85000;

// The family codes of the temperature sensors w1_therm drives: DS18S20, DS1822, DS18B20, DS1825,
// DS28EA00.
constexpr std::array<std::string_view, 5> kThermFamilies{"10-", "22-", "28-", "3b-", "42-"};

Reading check_conversion(Reading reading, const fs::path& file) {
  if (auto* millidegrees = std::get_if<double>(&reading)) {
    if (*millidegrees == kPowerOnMillidegrees)
      return ReadError{fmt::format("{}: 85 °C is the power-on value: the conversion did not run",
                                   file.string())};
    *millidegrees /= 1000;
  }
  return reading;
}

std::optional<std::string> first_sensor(const fs::path& devices) {
  std::error_code error;
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(devices, error)) {
    const std::string name = entry.path().filename().string();
    if (std::any_of(kThermFamilies.begin(), kThermFamilies.end(),
                    [&](std::string_view family) { return name.starts_with(family); }))
      found.push_back(name);
  }
  if (found.empty()) return std::nullopt;
  return *std::min_element(found.begin(), found.end());
}

}  // namespace

Reading parse_w1_slave(std::string_view text) {
  const auto line_end = text.find('\n');
  if (line_end == std::string_view::npos) return ReadError{"incomplete: no second line"};
  std::string_view check = text.substr(0, line_end);
  while (check.ends_with(' ') || check.ends_with('\r')) check.remove_suffix(1);
  if (check.ends_with("NO")) return ReadError{"CRC check failed (NO)"};
  if (!check.ends_with("YES")) return ReadError{"no CRC verdict (YES or NO) on the first line"};
  const std::string_view rest = text.substr(line_end + 1);
  const auto t = rest.find("t=");
  if (t == std::string_view::npos) return ReadError{"no temperature (t=...) on the second line"};
  Reading millidegrees = parse_number(rest.substr(t + 2, rest.find('\n', t) - (t + 2)));
  if (auto* error = std::get_if<ReadError>(&millidegrees))
    return ReadError{"temperature " + error->message};
  return millidegrees;
}

Ds18b20::Ds18b20(const fs::path& sysfs_root, std::string id)
    : devices_(sysfs_root / "bus/w1/devices"), id_(std::move(id)) {}

Reading Ds18b20::read() {
  std::string id = id_;
  if (id.empty()) {
    auto found = first_sensor(devices_);
    if (!found)
      return ReadError{fmt::format("no 1-Wire temperature sensor under {}", devices_.string())};
    id = std::move(*found);
  }
  const fs::path device = devices_ / id;
  std::error_code error;
  if (!fs::is_directory(device, error))
    return ReadError{fmt::format("no 1-Wire sensor {} under {}", id, devices_.string())};
  // Newer kernels also offer "temperature", without the CRC line; w1_slave shows the check.
  const fs::path w1_slave = device / "w1_slave";
  if (!fs::exists(w1_slave, error)) {
    const fs::path temperature = device / "temperature";
    return check_conversion(read_number(temperature), temperature);
  }
  auto text = read_text(w1_slave);
  if (auto* failed = std::get_if<ReadError>(&text)) return std::move(*failed);
  Reading reading = parse_w1_slave(std::get<std::string>(text));
  if (auto* failed = std::get_if<ReadError>(&reading))
    return ReadError{fmt::format("{}: {}", w1_slave.string(), failed->message)};
  return check_conversion(reading, w1_slave);
}

}  // namespace gpiogw::sensors
