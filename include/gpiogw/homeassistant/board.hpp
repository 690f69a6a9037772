#pragma once
// What the board says about itself, for Home Assistant's device info: the device tree's model
// ("Raspberry Pi 4 Model B Rev 1.4") and serial number, read under the gateway's sysfs_root so a
// fake tree can stand in for it. Empty where the board has none (a PC has no device tree).

#include <filesystem>
#include <string>

namespace gpiogw::homeassistant {

struct Board {
  std::string model;   // <sysfs_root>/firmware/devicetree/base/model
  std::string serial;  // <sysfs_root>/firmware/devicetree/base/serial-number

  bool operator==(const Board&) const = default;
};

Board read_board(const std::filesystem::path& sysfs_root);

}  // namespace gpiogw::homeassistant
