#include "fake_pwm.hpp"

#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace gpiogw::test {

fs::path add_pwm_chip(const fs::path& sys, unsigned n, const std::string& device,
                      unsigned channels) {
  const fs::path device_dir = sys / "devices/platform/soc" / device;
  const fs::path chip = device_dir / "pwm" / ("pwmchip" + std::to_string(n));
  fs::create_directories(chip);
  fs::create_directories(sys / "class/pwm");
  fs::create_directory_symlink(chip, sys / "class/pwm" / ("pwmchip" + std::to_string(n)));
  fs::create_directory_symlink(device_dir, chip / "device");
  write_file(chip / "npwm", std::to_string(channels) + "\n");
  write_file(chip / "export", "");
  return chip;
}

fs::path add_pwm_channel(const fs::path& chip, unsigned channel, std::string_view period,
                         std::string_view duty, std::string_view polarity,
                         std::string_view enable) {
  const fs::path dir = chip / ("pwm" + std::to_string(channel));
  fs::create_directories(dir);
  write_file(dir / "period", std::string(period) + "\n");
  write_file(dir / "duty_cycle", std::string(duty) + "\n");
  write_file(dir / "polarity", std::string(polarity) + "\n");
  write_file(dir / "enable", std::string(enable) + "\n");
  return dir;
}

}  // namespace gpiogw::test
