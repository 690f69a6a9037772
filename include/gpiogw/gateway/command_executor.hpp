#pragma once
// Carries out text commands (chat and <prefix>/cmd) on the gateway's lines: the same Outputs calls
// that MQTT commands make, so state topics, sim files and the log change the same way.

#include <chrono>
#include <functional>
#include <string_view>

#include "gpiogw/chat/room.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/gateway/counters.hpp"
#include "gpiogw/gateway/inputs.hpp"
#include "gpiogw/gateway/outputs.hpp"
#include "gpiogw/gateway/sensor_publisher.hpp"
#include "gpiogw/pwm/pwm_outputs.hpp"
#include "gpiogw/rules/rules.hpp"

namespace gpiogw {

class CommandExecutor {
 public:
  // `connected` tells `status` whether the broker connection is up; `rules` answers `rules`.
  CommandExecutor(const config::Config& config, const EventLoop& loop, Outputs& outputs,
                  const Inputs& inputs, pwm::PwmOutputs& pwms, Counters& counters,
                  const SensorPublisher& sensors, std::function<bool()> connected,
                  const rules::Engine* rules = nullptr);

  chat::Outcome execute(const chat::Command& command, std::string_view who);

 private:
  chat::Outcome status() const;
  chat::Outcome list() const;
  chat::Outcome get(std::string_view name) const;
  chat::Outcome read(std::string_view name) const;
  chat::Outcome on_output(const chat::Command& command, std::string_view who);
  chat::Outcome on_pwm(pwm::PwmOutputs::Pwm& pwm, const chat::Command& command,
                       std::string_view who);
  std::string output_names() const;

  const config::Config& config_;
  const EventLoop& loop_;
  Outputs& outputs_;
  const Inputs& inputs_;
  pwm::PwmOutputs& pwms_;
  Counters& counters_;
  const SensorPublisher& sensors_;
  std::function<bool()> connected_;
  const rules::Engine* rules_;
  EventLoop::TimePoint started_;
};

// "3d 4h 5m 6s", leaving out leading zero units; for uptimes.
std::string format_uptime(std::chrono::seconds uptime);

}  // namespace gpiogw
