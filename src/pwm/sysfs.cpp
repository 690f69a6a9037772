#include "gpiogw/pwm/sysfs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <optional>
#include <system_error>
#include <thread>

#include "gpiogw/base/text.hpp"

namespace gpiogw::pwm {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kChipPrefix = "pwmchip";
constexpr auto kUdevPoll = std::chrono::milliseconds(10);

std::string errno_text() {
  return std::generic_category().message(errno);
}

std::optional<std::string> read_text(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return std::string(trim(text));
}

// write(2) itself, so that the kernel's refusal (EINVAL, EBUSY) comes back as its errno. O_TRUNC as
// a shell's "echo >" does: sysfs ignores it, a fake tree in a test needs it.
void write_text(const fs::path& file, std::string_view value) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  bool written = false;
  if (fd >= 0) {
    written = ::write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
    const int saved = errno;
    ::close(fd);
    errno = saved;
  }
  if (!written)
    throw PwmError(fmt::format("cannot write {} to {}: {}", value, file.string(), errno_text()));
}

unsigned chip_number(const std::string& name) {
  return static_cast<unsigned>(std::stoul(name.substr(kChipPrefix.size())));
}

bool writable(const fs::path& dir) {
  return std::ranges::all_of(
      std::array<std::string_view, 4>{"period", "duty_cycle", "enable", "polarity"},
      [&](std::string_view attribute) { return ::access((dir / attribute).c_str(), W_OK) == 0; });
}

class SysfsChannel final : public Channel {
 public:
  SysfsChannel(fs::path dir, std::string description)
      : dir_(std::move(dir)), description_(std::move(description)) {}

  std::string read(std::string_view attribute) override {
    auto text = read_text(dir_ / attribute);
    if (!text)
      throw PwmError(fmt::format("{}: cannot read {}: {}", description_,
                                 (dir_ / attribute).string(), errno_text()));
    return *text;
  }
  void write(std::string_view attribute, std::string_view value) override {
    try {
      write_text(dir_ / attribute, value);
    } catch (const PwmError& error) {
      throw PwmError(fmt::format("{}: {}", description_, error.what()));
    }
  }
  std::string describe() const override { return description_; }

 private:
  fs::path dir_;
  std::string description_;
};

std::string chip_names(const std::vector<Chip>& chips) {
  std::vector<std::string> names;
  for (const Chip& chip : chips) {
    names.push_back(chip.device.empty() ? chip.name
                                        : fmt::format("{} ({})", chip.device, chip.name));
  }
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::vector<Chip> list_chips(const fs::path& sysfs_root) {
  std::vector<Chip> chips;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(sysfs_root / "class" / "pwm", error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kChipPrefix) || name.size() == kChipPrefix.size() ||
        !std::all_of(name.begin() + kChipPrefix.size(), name.end(),
                     [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    std::error_code link_error;
    const fs::path device = fs::read_symlink(entry.path() / "device", link_error);
    const auto npwm = read_text(entry.path() / "npwm");
    unsigned channels = 0;
    if (npwm) std::from_chars(npwm->data(), npwm->data() + npwm->size(), channels);
    chips.push_back({.name = name,
                     .device = link_error ? "" : device.filename().string(),
                     .channels = channels,
                     .path = entry.path()});
  }
  std::ranges::sort(chips, {}, [](const Chip& chip) { return chip_number(chip.name); });
  return chips;
}

const Chip& find_chip(const std::vector<Chip>& chips, std::string_view wanted) {
  if (wanted == "auto") {
    if (chips.size() == 1) return chips.front();
    throw PwmError(fmt::format(
        "chip = \"auto\" needs exactly one PWM chip, found {}; name one with chip = \"<device>\"",
        chips.empty() ? std::string("none (is a PWM overlay such as dtoverlay=pwm loaded?)")
                      : chip_names(chips)));
  }
  for (const Chip& chip : chips) {
    if (chip.device == wanted || chip.name == wanted) return chip;
  }
  throw PwmError(fmt::format("no PWM chip \"{}\"; chips: {}", wanted, chip_names(chips)));
}

std::string format_chip_listing(const std::vector<Chip>& chips, const fs::path& sysfs_root) {
  if (chips.empty())
    return fmt::format("no PWM chips under {} (is a PWM overlay such as dtoverlay=pwm loaded?)\n",
                       (sysfs_root / "class" / "pwm").string());
  std::string text;
  for (const Chip& chip : chips) {
    std::vector<std::string> exported;
    for (unsigned channel = 0; channel < chip.channels; ++channel) {
      if (fs::exists(chip.path / fmt::format("pwm{}", channel)))
        exported.push_back(std::to_string(channel));
    }
    text += fmt::format(
        "{}  device {}  channels 0..{}{}\n", chip.name, chip.device.empty() ? "-" : chip.device,
        chip.channels == 0 ? 0 : chip.channels - 1,
        exported.empty() ? "" : fmt::format("  exported: {}", fmt::join(exported, ", ")));
  }
  if (chips.size() == 1) text += fmt::format("chip = \"auto\" means {}\n", chips.front().name);
  return text;
}

std::unique_ptr<Channel> open_sysfs_channel(std::string_view wanted, unsigned channel,
                                            const SysfsOptions& options) {
  const auto chips = list_chips(options.sysfs_root);
  const Chip& chip = find_chip(chips, wanted);
  const std::string description =
      fmt::format("{}{} channel {}", chip.name,
                  chip.device.empty() ? "" : fmt::format(" ({})", chip.device), channel);
  if (channel >= chip.channels)
    throw PwmError(fmt::format("{}: the chip has {} channel{} (0..{})", description, chip.channels,
                               chip.channels == 1 ? "" : "s",
                               chip.channels == 0 ? 0 : chip.channels - 1));
  const fs::path dir = chip.path / fmt::format("pwm{}", channel);
  if (!fs::exists(dir)) write_text(chip.path / "export", std::to_string(channel));
  const auto deadline = std::chrono::steady_clock::now() + options.udev_wait;
  while (!writable(dir)) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw PwmError(fmt::format(
          "{}: {} is not writable {} after the export; does a udev rule give the group gpio "
          "its attributes (the package ships one)?",
          description, dir.string(), fmt::format("{}ms", options.udev_wait.count())));
    std::this_thread::sleep_for(kUdevPoll);
  }
  return std::make_unique<SysfsChannel>(dir, description);
}

}  // namespace gpiogw::pwm
