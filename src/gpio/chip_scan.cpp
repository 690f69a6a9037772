#include "gpiogw/gpio/chip_scan.hpp"

#include "backend_errors.hpp"
#include "gpiogw/gpio/line_lookup.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>
#include <utility>

namespace gpiogw::gpio {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "gpiochip";

std::optional<unsigned> chip_number(std::string_view file_name) {
  unsigned number = 0;
  if (!file_name.starts_with(kPrefix) || file_name.size() == kPrefix.size()) return std::nullopt;
  const char* first = file_name.data() + kPrefix.size();
  const char* last = file_name.data() + file_name.size();
  const auto [end, error] = std::from_chars(first, last, number);
  if (error != std::errc{} || end != last) return std::nullopt;
  return number;
}

}  // namespace

std::vector<fs::path> find_chip_devices(const fs::path& dev_dir) {
  std::vector<std::pair<unsigned, fs::path>> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dev_dir, error)) {
    if (const auto number = chip_number(entry.path().filename().string())) {
      found.emplace_back(*number, entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> paths;
  for (auto& [number, path] : found) paths.push_back(std::move(path));
  return paths;
}

std::vector<ChipInfo> collect_chips(std::string_view spec, const DescribeChip& describe,
                                    const fs::path& dev_dir) {
  std::vector<ChipInfo> chips;
  bool spec_found = !spec.starts_with('/');
  for (const auto& path : find_chip_devices(dev_dir)) {
    chips.push_back(describe(path.string()));
    std::error_code error;
    if (!spec_found && (path == spec || fs::equivalent(path, spec, error))) {
      chips.back().path = spec;  // as the user wrote it, so select_chip finds it
      spec_found = true;
    }
  }
  if (!spec_found) chips.push_back(describe(std::string(spec)));
  return chips;
}

ChipInfo describe_chip_with(const std::string& path, const std::function<void(ChipInfo&)>& read) {
  ChipInfo info;
  info.name = fs::path(path).filename().string();
  info.path = path;
  try {
    read(info);
  } catch (const std::system_error& e) {
    info.error = open_error_text(e.code());
    info.lines.clear();
  }
  return info;
}

ChipChoice choose_chip(const std::string& spec, const DescribeChip& describe) {
  auto chips = collect_chips(spec, describe);
  const std::size_t chosen = select_chip(spec, chips);
  return {std::move(chips), chosen};
}

}  // namespace gpiogw::gpio
