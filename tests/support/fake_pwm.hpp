#pragma once
// A fake of the kernel's PWM class under a sysfs root in a temp dir, laid out as the kernel does.

#include <filesystem>
#include <string>
#include <string_view>

namespace gpiogw::test {

// <sys>/class/pwm/pwmchip<n> -> <sys>/devices/platform/soc/<device>/pwm/pwmchip<n>, whose
// "device" link points at the device folder, with `channels` channels and an empty export file.
// Returns the chip's folder (the link's target).
std::filesystem::path add_pwm_chip(const std::filesystem::path& sys, unsigned n,
                                   const std::string& device, unsigned channels);

// An exported channel as the kernel shows it; returns its folder.
std::filesystem::path add_pwm_channel(const std::filesystem::path& chip, unsigned channel,
                                      std::string_view period, std::string_view duty,
                                      std::string_view polarity, std::string_view enable);

}  // namespace gpiogw::test
