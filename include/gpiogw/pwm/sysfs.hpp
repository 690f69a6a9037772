#pragma once
// The kernel's PWM class under <sysfs_root>/class/pwm: the chips, and their channels as Channels.
// A chip is found by its device's name (the name of the link pwmchipN/device points to, e.g.
// "fe20c000.pwm"), because the N moves between boots and models; "pwmchipN" works too.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/pwm/channel.hpp"

namespace gpiogw::pwm {

struct Chip {
  std::string name;    // "pwmchip0"
  std::string device;  // "fe20c000.pwm"; empty when the link is missing
  unsigned channels;   // npwm
  std::filesystem::path path;
};

// Every chip under <sysfs_root>/class/pwm, in number order; none when the folder is missing.
std::vector<Chip> list_chips(const std::filesystem::path& sysfs_root);
// `wanted` is "auto" (the only chip), a device name or a chip name. Throws PwmError saying what
// exists.
const Chip& find_chip(const std::vector<Chip>& chips, std::string_view wanted);
// What `gpiogw --list-pwm` prints: one line per chip with its device and channels.
std::string format_chip_listing(const std::vector<Chip>& chips,
                                const std::filesystem::path& sysfs_root);

struct SysfsOptions {
  std::filesystem::path sysfs_root = "/sys";
  // After an export, udev may need a moment to give the group access to the new attributes.
  std::chrono::milliseconds udev_wait = std::chrono::seconds(2);
};

// The channel, exported if it is not yet (an exported one is taken as it is), once its
// attributes are writable. Throws PwmError.
std::unique_ptr<Channel> open_sysfs_channel(std::string_view chip, unsigned channel,
                                            const SysfsOptions& options);

}  // namespace gpiogw::pwm
