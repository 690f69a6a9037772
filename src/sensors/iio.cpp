#include "gpiogw/sensors/iio.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <optional>
#include <system_error>
#include <utility>

#include "gpiogw/sensors/text_file.hpp"

namespace gpiogw::sensors {
namespace {

namespace fs = std::filesystem;

// Channel types whose IIO unit is a thousandth of the unit people expect.
constexpr std::array<std::string_view, 2> kMilliTypes{"temp", "humidityrelative"};

// "in_temp0" -> "in_temp", "in_temp_ambient" -> "in_temp": the prefix shared attributes use.
std::string_view type_prefix(std::string_view channel) {
  const std::size_t end = channel.find_first_of("0123456789_", 3);
  return channel.substr(0, end);
}

bool is_milli_type(std::string_view channel) {
  const std::string_view type = type_prefix(channel).substr(3);
  return std::find(kMilliTypes.begin(), kMilliTypes.end(), type) != kMilliTypes.end();
}

// <channel>_<what>, else <type>_<what>, else `fallback` when neither file exists.
Reading read_attribute(const fs::path& dir, std::string_view channel, std::string_view what,
                       double fallback) {
  std::error_code error;
  for (std::string_view owner : {channel, type_prefix(channel)}) {
    const fs::path file = dir / fmt::format("{}_{}", owner, what);
    if (fs::exists(file, error)) return read_number(file);
  }
  return fallback;
}

}  // namespace

Reading read_iio_channel(const fs::path& device_dir, std::string_view channel) {
  std::error_code error;
  const fs::path input = device_dir / fmt::format("{}_input", channel);
  const fs::path raw = device_dir / fmt::format("{}_raw", channel);
  Reading reading;
  if (fs::exists(input, error)) {
    reading = read_number(input);
  } else if (fs::exists(raw, error)) {
    reading = read_number(raw);
    const Reading offset = read_attribute(device_dir, channel, "offset", 0);
    const Reading scale = read_attribute(device_dir, channel, "scale", 1);
    for (const Reading* factor : {&offset, &scale}) {
      if (std::holds_alternative<ReadError>(*factor)) return *factor;
    }
    if (auto* value = std::get_if<double>(&reading))
      *value = (*value + std::get<double>(offset)) * std::get<double>(scale);
  } else {
    return ReadError{fmt::format("{} has no channel {} (neither {}_input nor {}_raw)",
                                 device_dir.string(), channel, channel, channel)};
  }
  if (auto* value = std::get_if<double>(&reading); value && is_milli_type(channel)) *value /= 1000;
  return reading;
}

Iio::Iio(const fs::path& sysfs_root, std::variant<unsigned, std::string> device,
         std::string channel)
    : devices_(sysfs_root / "bus/iio/devices"),
      device_(std::move(device)),
      channel_(std::move(channel)) {}

std::variant<fs::path, ReadError> Iio::device_dir() const {
  std::error_code error;
  if (const auto* index = std::get_if<unsigned>(&device_)) {
    fs::path dir = devices_ / fmt::format("iio:device{}", *index);
    if (!fs::is_directory(dir, error))
      return ReadError{fmt::format("no IIO device {}", dir.string())};
    return dir;
  }
  const auto& name = std::get<std::string>(device_);
  for (const auto& entry : fs::directory_iterator(devices_, error)) {
    if (!entry.path().filename().string().starts_with("iio:device")) continue;
    auto text = read_text(entry.path() / "name");
    auto* found = std::get_if<std::string>(&text);
    if (found && (*found == name || *found == name + "\n")) return entry.path();
  }
  return ReadError{fmt::format("no IIO device named '{}' under {}", name, devices_.string())};
}

Reading Iio::read() {
  auto dir = device_dir();
  if (auto* error = std::get_if<ReadError>(&dir)) return std::move(*error);
  return read_iio_channel(std::get<fs::path>(dir), channel_);
}

}  // namespace gpiogw::sensors
