#include "gpiogw/pwm/mock_channel.hpp"

#include <catch2/catch_test_macros.hpp>

#include "recording_channel.hpp"
#include "temp_dir.hpp"

namespace {

std::string refusal(gpiogw::pwm::Channel& channel, std::string_view attribute,
                    std::string_view value) {
  const auto message = gpiogw::test::pwm_error_of([&] { channel.write(attribute, value); });
  return message == "(no error)" ? "(accepted)" : message;
}

}  // namespace

TEST_CASE("the mock PWM channel refuses what the kernel refuses and shows its state",
          "[pwm][mock]") {
  gpiogw::test::TempDir sim;
  const auto channel = gpiogw::pwm::make_mock_channel(3, sim.path());
  CHECK(gpiogw::test::read_file(sim / "sim_pwm3/period") == "0\n");
  CHECK(refusal(*channel, "enable", "1") ==
        "mock PWM channel 3: cannot write 1 to enable: Invalid argument (period 0)");
  CHECK(refusal(*channel, "duty_cycle", "10") ==
        "mock PWM channel 3: cannot write 10 to duty_cycle: Invalid argument (duty cycle above "
        "the period)");
  channel->write("period", "100");
  channel->write("duty_cycle", "60");
  CHECK(refusal(*channel, "period", "50") ==
        "mock PWM channel 3: cannot write 50 to period: Invalid argument (period below the duty "
        "cycle)");
  channel->write("enable", "1");
  CHECK(refusal(*channel, "polarity", "inversed") ==
        "mock PWM channel 3: cannot write inversed to polarity: Device or resource busy "
        "(polarity changes only while disabled)");
  CHECK(gpiogw::test::read_file(sim / "sim_pwm3/duty_cycle") == "60\n");
  CHECK(gpiogw::test::read_file(sim / "sim_pwm3/enable") == "1\n");
  CHECK(channel->read("polarity") == "normal");
}
