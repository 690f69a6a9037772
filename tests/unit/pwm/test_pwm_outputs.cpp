// Every PWM rule on the loop's manual clock: exact to the microsecond and instant. The channels are
// the mock's, which refuses what the kernel refuses, seen through a recording layer.
#include "gpiogw/pwm/pwm_outputs.hpp"

#include <catch2/catch_test_macros.hpp>

#include <fmt/format.h>

#include "gpiogw/pwm/duty.hpp"
#include "gpiogw/pwm/mock_channel.hpp"
#include "recording_channel.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::pwm::PwmOutputs;
using gpiogw::test::PwmWrite;

namespace {

struct Bench {
  explicit Bench(std::vector<gpiogw::config::Pwm> entries,
                 const std::map<std::string, double>& restored = {},
                 const PwmOutputs::CarriedOver& carried = {})
      : config(std::move(entries)) {
    pwms.emplace(
        config,
        [this](const gpiogw::config::Pwm& pwm) {
          return std::make_unique<gpiogw::test::RecordingChannel>(
              gpiogw::pwm::make_mock_channel(pwm.channel, sim_dir), writes, &loop, nullptr,
              &refuse);
        },
        loop,
        [this](const PwmOutputs::Pwm& pwm) {
          changes.push_back(
              fmt::format("{} {}", pwm.config->name, gpiogw::pwm::percent_payload(pwm.percent)));
        },
        restored, carried);
    writes.clear();  // the start's writes have their own test
  }
  PwmOutputs::Pwm& get(std::string_view name) { return *pwms->find(name); }
  std::vector<std::string> duties() const {
    std::vector<std::string> duties;
    for (const auto& write : writes) {
      if (write.attribute == "duty_cycle") duties.push_back(write.value);
    }
    return duties;
  }

  std::vector<gpiogw::config::Pwm> config;
  std::filesystem::path sim_dir;
  EventLoop loop{EventLoop::ManualClock{}};
  std::vector<PwmWrite> writes;
  std::vector<std::string> changes;
  bool refuse = false;  // the channel's writes fail while set
  std::optional<PwmOutputs> pwms;
};

}  // namespace

TEST_CASE("percent maps onto the duty range; 0 is always off", "[pwm]") {
  gpiogw::config::Pwm fan{.name = "fan", .period_ns = 40000, .min = 20, .max = 80};
  CHECK(gpiogw::pwm::duty_ns(fan, 0) == 0);
  CHECK(gpiogw::pwm::duty_ns(fan, 0.5) == 8120);  // (20 + 60 * 0.005) % of 40 us
  CHECK(gpiogw::pwm::duty_ns(fan, 50) == 20000);
  CHECK(gpiogw::pwm::duty_ns(fan, 100) == 32000);
  CHECK(gpiogw::pwm::percent_payload(12.5) == "12.5");
  CHECK(gpiogw::pwm::percent_payload(40) == "40");
}

TEST_CASE("a channel starts enabled at its initial percent, or the restored one", "[pwm]") {
  gpiogw::test::TempDir sim;
  std::vector<PwmWrite> writes;
  EventLoop loop{EventLoop::ManualClock{}};
  const std::vector<gpiogw::config::Pwm> config{
      {.name = "fan", .channel = 0, .period_ns = 40000, .invert = true, .initial = 25.0},
      {.name = "lamp", .channel = 1, .period_ns = 1000000, .initial = std::nullopt}};
  PwmOutputs pwms(
      config,
      [&](const gpiogw::config::Pwm& pwm) {
        return std::make_unique<gpiogw::test::RecordingChannel>(
            gpiogw::pwm::make_mock_channel(pwm.channel, sim.path()), writes, &loop);
      },
      loop, [](const auto&) {}, {{"lamp", 60.0}});
  CHECK(writes == std::vector<PwmWrite>{{"polarity", "inversed"},
                                        {"period", "40000"},
                                        {"duty_cycle", "10000"},
                                        {"enable", "1"},
                                        {"period", "1000000"},
                                        {"duty_cycle", "600000"},
                                        {"enable", "1"}});
  // The mock's outside face, as the demo shows it.
  CHECK(gpiogw::test::read_file(sim / "sim_pwm0/duty_cycle") == "10000\n");
  CHECK(gpiogw::test::read_file(sim / "sim_pwm1/period") == "1000000\n");
  CHECK(gpiogw::test::read_file(sim / "sim_pwm1/enable") == "1\n");
  CHECK(pwms.find("lamp")->percent == 60.0);
}

TEST_CASE("a fade walks to the target in 20 ms steps on the loop's clock", "[pwm][fade]") {
  Bench bench({{.name = "lamp", .period_ns = 1000, .fade = 100ms}});
  auto& lamp = bench.get("lamp");
  bench.pwms->set(lamp, 50, "test");
  CHECK(bench.changes == std::vector<std::string>{"lamp 50"});  // the value set, at once
  CHECK(bench.writes.empty());
  bench.loop.advance(20ms - 1us);
  CHECK(bench.writes.empty());
  bench.loop.advance(1us);
  CHECK(bench.writes == std::vector<PwmWrite>{{"duty_cycle", "100", 20ms}});
  bench.loop.advance(80ms);
  CHECK(bench.writes == std::vector<PwmWrite>{{"duty_cycle", "100", 20ms},
                                              {"duty_cycle", "200", 40ms},
                                              {"duty_cycle", "300", 60ms},
                                              {"duty_cycle", "400", 80ms},
                                              {"duty_cycle", "500", 100ms}});
  // A new command in the middle of a fade starts from where it stands.
  bench.writes.clear();
  bench.pwms->set(lamp, 0, "test");
  bench.loop.advance(40ms);
  bench.pwms->set(lamp, 100, "test");
  bench.loop.advance(100ms);
  CHECK(bench.duties() ==
        std::vector<std::string>{"400", "300", "440", "580", "720", "860", "1000"});
  CHECK(bench.writes.back().at == 240ms);
}

TEST_CASE("ON brings back the last value above 0, TOGGLE flips between it and 0", "[pwm]") {
  Bench bench({{.name = "fan", .period_ns = 1000}});
  auto& fan = bench.get("fan");
  bench.pwms->switch_to(fan, gpiogw::SwitchCommand::on, "test");
  CHECK(fan.percent == 100);
  bench.pwms->set(fan, 30, "test");
  bench.pwms->set(fan, 0, "test");
  bench.pwms->switch_to(fan, gpiogw::SwitchCommand::on, "test");
  CHECK(fan.percent == 30);
  bench.pwms->switch_to(fan, gpiogw::SwitchCommand::toggle, "test");
  bench.pwms->switch_to(fan, gpiogw::SwitchCommand::toggle, "test");
  CHECK(bench.duties() == std::vector<std::string>{"1000", "300", "0", "300", "0", "300"});
  CHECK(bench.changes ==
        std::vector<std::string>{"fan 100", "fan 30", "fan 0", "fan 30", "fan 0", "fan 30"});
}

TEST_CASE("max_on sets 0 after being above 0 that long; commands do not extend it", "[pwm]") {
  Bench bench({{.name = "heater", .period_ns = 1000, .fade = 100ms, .max_on = 10s}});
  auto& heater = bench.get("heater");
  bench.pwms->set(heater, 40, "test");
  bench.loop.advance(5s);
  bench.pwms->set(heater, 80, "test");
  bench.loop.advance(5s - 1us);
  CHECK(heater.percent == 80);
  bench.loop.advance(1us);
  CHECK(heater.percent == 0);
  CHECK(bench.writes.back() == PwmWrite{"duty_cycle", "0", 10s});  // at once, no fade
  CHECK(bench.changes.back() == "heater 0");
}

TEST_CASE("on_disconnect sets its value once the grace is over, once per outage", "[pwm]") {
  Bench bench({{.name = "fan",
                .period_ns = 1000,
                .initial = 60.0,
                .on_disconnect = 100.0,
                .disconnect_grace = 30s},
               {.name = "lamp", .period_ns = 1000, .initial = 60.0}});
  CHECK_FALSE(bench.pwms->next_disconnect_deadline());
  bench.pwms->broker_lost();
  CHECK(bench.pwms->next_disconnect_deadline() == bench.loop.now() + 30s);
  bench.loop.advance(30s - 1us);
  bench.pwms->broker_unreachable("test");
  CHECK(bench.get("fan").percent == 60);
  bench.loop.advance(1us);
  bench.pwms->broker_unreachable("test");
  CHECK(bench.get("fan").percent == 100);
  CHECK(bench.get("lamp").percent == 60);  // keep
  CHECK_FALSE(bench.pwms->next_disconnect_deadline());
  bench.pwms->set(bench.get("fan"), 10, "test");
  bench.pwms->broker_unreachable("test");
  CHECK(bench.get("fan").percent == 10);  // acted once in this outage
  bench.pwms->broker_back();
  CHECK_FALSE(bench.pwms->next_disconnect_deadline());
}

TEST_CASE("shutdown = off sets 0 on a clean stop; keep leaves it", "[pwm]") {
  Bench bench({{.name = "fan",
                .period_ns = 1000,
                .initial = 60.0,
                .shutdown = gpiogw::config::OnShutdown::off},
               {.name = "lamp", .period_ns = 1000, .initial = 60.0}});
  bench.pwms->shut_down();
  CHECK(bench.get("fan").percent == 0);
  CHECK(bench.get("lamp").percent == 60);
  CHECK(bench.changes == std::vector<std::string>{"fan 0"});
}

TEST_CASE("a reload keeps an unchanged entry's value and max_on deadline", "[pwm]") {
  Bench before({{.name = "fan", .period_ns = 1000, .max_on = 10s}});
  before.pwms->set(before.get("fan"), 40, "test");
  before.loop.advance(4s);
  auto carried = before.pwms->carry_over();
  CHECK(carried.at("fan").percent == 40);
  CHECK(carried.at("fan").max_on_at == before.loop.now() + 6s);
  // Same clock: the new PwmOutputs lives on the same loop after a reload.
  std::vector<PwmWrite> writes;
  const std::vector<gpiogw::config::Pwm> config{{.name = "fan", .period_ns = 1000, .max_on = 10s}};
  PwmOutputs after(
      config,
      [&](const gpiogw::config::Pwm& pwm) {
        return std::make_unique<gpiogw::test::RecordingChannel>(
            gpiogw::pwm::make_mock_channel(pwm.channel, {}), writes, &before.loop);
      },
      before.loop, [](const auto&) {}, {}, carried);
  CHECK(after.find("fan")->percent == 40);
  before.loop.advance(6s);
  CHECK(after.find("fan")->percent == 0);
}

TEST_CASE("a failed write reports where the channel stands, and max_on stays armed", "[pwm]") {
  Bench bench({{.name = "heater", .period_ns = 1000, .max_on = 10s}});
  auto& heater = bench.get("heater");
  bench.pwms->set(heater, 40, "test");
  bench.refuse = true;
  bench.pwms->set(heater, 80, "test");
  CHECK(heater.percent == 40);
  CHECK(bench.changes == std::vector<std::string>{"heater 40", "heater 40"});
  // max_on's 0 fails too: the heater is still at 40 %, so the limit is armed again.
  bench.loop.advance(10s);
  CHECK(heater.percent == 40);
  bench.refuse = false;
  bench.loop.advance(10s - 1us);
  CHECK(heater.percent == 40);
  bench.loop.advance(1us);
  CHECK(heater.percent == 0);
}
