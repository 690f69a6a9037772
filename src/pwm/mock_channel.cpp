#include "gpiogw/pwm/mock_channel.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>

#include "gpiogw/base/atomic_file.hpp"

namespace gpiogw::pwm {
namespace {

std::uint64_t number(const std::string& text) {
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

class MockChannel final : public Channel {
 public:
  MockChannel(unsigned channel, std::filesystem::path sim_dir)
      : channel_(channel),
        dir_(sim_dir.empty() ? sim_dir : sim_dir / fmt::format("sim_pwm{}", channel)) {
    for (const auto& [attribute, value] : attributes_) show(attribute, value);
  }

  std::string read(std::string_view attribute) override {
    const auto found = attributes_.find(std::string(attribute));
    if (found == attributes_.end()) throw PwmError(fmt::format("{}: no {}", describe(), attribute));
    return found->second;
  }

  void write(std::string_view attribute, std::string_view value) override {
    const std::string name(attribute);
    if (!attributes_.contains(name)) throw PwmError(fmt::format("{}: no {}", describe(), name));
    if (auto problem = refusal(name, std::string(value)))
      throw PwmError(
          fmt::format("{}: cannot write {} to {}: {}", describe(), value, name, *problem));
    attributes_[name] = std::string(value);
    show(name, attributes_[name]);
  }

  std::string describe() const override { return fmt::format("mock PWM channel {}", channel_); }

 private:
  // The kernel's answer to a write that breaks its rules (EINVAL, EBUSY).
  std::optional<std::string> refusal(const std::string& name, const std::string& value) const {
    const bool enabled = attributes_.at("enable") == "1";
    if (name == "duty_cycle" && number(value) > number(attributes_.at("period")))
      return "Invalid argument (duty cycle above the period)";
    if (name == "period" && number(value) < number(attributes_.at("duty_cycle")))
      return "Invalid argument (period below the duty cycle)";
    if (name == "polarity" && value != "normal" && value != "inversed") return "Invalid argument";
    if (name == "polarity" && enabled && value != attributes_.at("polarity"))
      return "Device or resource busy (polarity changes only while disabled)";
    if (name == "enable" && value == "1" && number(attributes_.at("period")) == 0)
      return "Invalid argument (period 0)";
    if (name == "enable" && value != "0" && value != "1") return "Invalid argument";
    return std::nullopt;
  }

  void show(const std::string& name, const std::string& value) const {
    if (dir_.empty()) return;
    if (auto problem = write_file_atomically(dir_ / name, value + "\n", Durability::readers))
      throw PwmError(fmt::format("{}: {}", describe(), *problem));
  }

  unsigned channel_;
  std::filesystem::path dir_;
  std::map<std::string, std::string> attributes_{
      {"period", "0"}, {"duty_cycle", "0"}, {"polarity", "normal"}, {"enable", "0"}};
};

}  // namespace

std::unique_ptr<Channel> make_mock_channel(unsigned channel, std::filesystem::path sim_dir) {
  return std::make_unique<MockChannel>(channel, std::move(sim_dir));
}

}  // namespace gpiogw::pwm
