#include "gpiogw/pwm/device.hpp"

#include <fmt/format.h>

#include <charconv>

namespace gpiogw::pwm {
namespace {

std::uint64_t read_number(Channel& channel, std::string_view attribute) {
  const std::string text = channel.read(attribute);
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    throw PwmError(
        fmt::format("{}: {} reads \"{}\", not a number", channel.describe(), attribute, text));
  return value;
}

std::string_view polarity_name(bool inverted) {
  return inverted ? "inversed" : "normal";
}

}  // namespace

Device::Device(std::unique_ptr<Channel> channel, Waveform start)
    : channel_(std::move(channel)), waveform_(start) {
  Channel& c = *channel_;
  bool enabled = c.read("enable") == "1";
  if (c.read("polarity") != polarity_name(start.inverted)) {
    if (enabled) c.write("enable", "0");
    enabled = false;
    c.write("polarity", polarity_name(start.inverted));
  }
  // From (period, duty) to (start.period, start.duty) with duty <= period after each write: a
  // duty that fits the old period goes first, else the period grows first.
  const std::uint64_t period = read_number(c, "period");
  if (start.duty_ns <= period) {
    c.write("duty_cycle", std::to_string(start.duty_ns));
    c.write("period", std::to_string(start.period_ns));
  } else {
    c.write("period", std::to_string(start.period_ns));
    c.write("duty_cycle", std::to_string(start.duty_ns));
  }
  if (!enabled) c.write("enable", "1");
}

void Device::set_duty(std::uint64_t duty_ns) {
  channel_->write("duty_cycle", std::to_string(std::min(duty_ns, waveform_.period_ns)));
  waveform_.duty_ns = std::min(duty_ns, waveform_.period_ns);
}

}  // namespace gpiogw::pwm
