// The Backend contract the gateway relies on, one suite for every backend: the mock always, and
// this build's libgpiod backend (v1 or v2) where gpio-sim chips exist, as in the gpio-sim VM
// (tests/vm/init: GPIOSIM_CHIP names the "pinctrl-rp1" chip, GPIOSIM_SYSFS its sysfs folder;
// GPIOSIM_CHIP2 and GPIOSIM_SYSFS2 a second chip). Both are driven and watched from outside the
// same way, through gpio-sim's layout: <folder>/sim_gpioN/pull and .../value. The "gpiod backend"
// tests need what only real chips have (a chip label, several chips): they are gpiod only.
#include <poll.h>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gpiogw/gpio/debouncer.hpp"
#include "gpiogw/gpio/gpiod_backend.hpp"
#include "gpiogw/gpio/mock_backend.hpp"
#include "message_of.hpp"
#include "specs.hpp"
#include "temp_dir.hpp"

using namespace gpiogw::gpio;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using gpiogw::test::input;
using gpiogw::test::message_of;
using gpiogw::test::output;
namespace fs = std::filesystem;

namespace {

class MockTarget {
 public:
  std::unique_ptr<Backend> make(const std::string& consumer = "gpiogw-test") const {
    return std::make_unique<MockBackend>(
        MockOptions{.sim_dir = dir_.path(), .num_lines = 8, .consumer = consumer});
  }
  fs::path sim_dir() const { return dir_.path(); }
  std::string line_name(unsigned offset) const { return mock_chip(8).lines.at(offset).name; }

 private:
  gpiogw::test::TempDir dir_{"gpiogw-contract"};
};

// GPIOSIM_<name>, or the test is skipped: only the gpio-sim VM sets them.
std::string sim_setting(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) SKIP("no gpio-sim chips (" << name << " is set in the gpio-sim VM)");
  return value;
}

class GpiodTarget {
 public:
  GpiodTarget() : chip_(sim_setting("GPIOSIM_CHIP")), sysfs_(sim_setting("GPIOSIM_SYSFS")) {}
  std::unique_ptr<Backend> make(const std::string& consumer = "gpiogw-test") const {
    return make_gpiod_backend(chip_, consumer);
  }
  const std::string& chip() const { return chip_; }
  fs::path sim_dir() const { return sysfs_; }
  std::string line_name(unsigned offset) const {
    for (const auto& chip : list_gpiod_chips()) {
      if (chip.name == chip_) return chip.lines.at(offset).name;
    }
    FAIL("chip " << chip_ << " not found");
    return {};
  }

 private:
  std::string chip_;
  fs::path sysfs_;
};

fs::path sim_line(const fs::path& sim_dir, unsigned offset) {
  return sim_dir / ("sim_gpio" + std::to_string(offset));
}

// Drives a line from outside (gpio-sim's folders always exist, the mock's once requested).
template <typename Target>
void pull(const Target& target, unsigned offset, bool up) {
  fs::create_directories(sim_line(target.sim_dir(), offset));
  gpiogw::test::write_file(sim_line(target.sim_dir(), offset) / "pull",
                           up ? "pull-up\n" : "pull-down\n");
}

template <typename Target>
std::string level(const Target& target, unsigned offset) {
  return gpiogw::test::read_file(sim_line(target.sim_dir(), offset) / "value");
}

// Reads the `value` files of some lines over and over on another thread, collecting every level
// each one showed, until levels() is called: a pulse during a request shows up as a second level.
class LevelWatcher {
 public:
  LevelWatcher(const fs::path& sim_dir, std::vector<unsigned> offsets)
      : files_(offsets.size()), seen_(offsets.size()) {
    for (std::size_t i = 0; i < offsets.size(); ++i) {
      files_[i] = sim_line(sim_dir, offsets[i]) / "value";
    }
    thread_ = std::jthread([this](std::stop_token stop) {
      while (!stop.stop_requested()) {
        for (std::size_t i = 0; i < files_.size(); ++i) {
          std::error_code missing;  // the mock's files appear with the request
          if (fs::exists(files_[i], missing)) seen_[i].insert(gpiogw::test::read_file(files_[i]));
        }
        ++rounds_;
      }
    });
    wait_rounds(1);  // watching before the caller goes on
  }

  // Every level each line showed, in the order of the offsets, after one more full round.
  std::vector<std::set<std::string>> levels() {
    wait_rounds(rounds_ + 2);
    thread_.request_stop();
    thread_.join();
    return seen_;
  }

 private:
  void wait_rounds(unsigned long count) const {
    while (rounds_ < count) std::this_thread::yield();
  }

  std::vector<fs::path> files_;
  std::vector<std::set<std::string>> seen_;
  std::atomic<unsigned long> rounds_{0};
  std::jthread thread_;
};

// Waits until `count` events came or `within` passed (edges arrive asynchronously on real chips).
std::vector<EdgeEvent> wait_events(Backend& backend, std::size_t count,
                                   std::chrono::milliseconds within = std::chrono::seconds(1)) {
  std::vector<EdgeEvent> events;
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (events.size() < count && std::chrono::steady_clock::now() < deadline) {
    pollfd p{backend.event_fd(), POLLIN, 0};
    if (::poll(&p, 1, 50) == 1) {
      for (const auto& event : backend.read_events()) events.push_back(event);
    }
  }
  return events;
}

// The levels the gateway publishes for the input at `index` when `drive` moves it, watched for
// `within`: debounced by the backend itself where it can (libgpiod v2, in the kernel), else by
// gpio::Debouncer with the spec's period, as gateway/inputs.cpp does.
template <typename Drive>
std::vector<bool> published_levels(Backend& backend, std::size_t index, const LineSpec& spec,
                                   std::chrono::milliseconds within, Drive drive) {
  using Clock = Debouncer::Clock;
  Debouncer debouncer(backend.debounces() ? Clock::duration{} : Clock::duration(spec.debounce),
                      backend.get(index));
  drive();
  std::vector<bool> published;
  Clock::time_point sample_at{};  // while the debouncer has an edge pending
  const auto deadline = Clock::now() + within;
  while (Clock::now() < deadline) {
    pollfd p{backend.event_fd(), POLLIN, 0};
    if (::poll(&p, 1, 5) == 1) {
      for (const auto& event : backend.read_events()) {
        if (event.index == index) sample_at = debouncer.on_edge(Clock::now());
      }
    }
    if (debouncer.pending() && Clock::now() >= sample_at) {
      if (const auto level = debouncer.on_sample(Clock::now(), backend.get(index))) {
        published.push_back(*level);
      }
    }
  }
  return published;
}

}  // namespace

TEMPLATE_TEST_CASE("backend: outputs come up at their initial value, without a glitch",
                   "[gpio][contract]", MockTarget, GpiodTarget) {
  TestType target;
  auto backend = target.make();
  const std::vector<LineSpec> specs{output("relay", 0u, true), output("lamp", 1u, false, true),
                                    output("heater", 2u, false)};
  // Outside, each line already sits at the level its output must start with: a request that
  // drives some default first and the initial value after would show as a pulse.
  pull(target, 0, true);
  pull(target, 1, true);  // active-low and off: physical high
  pull(target, 2, false);
  LevelWatcher watcher(target.sim_dir(), {0, 1, 2});
  backend->request(specs);
  const auto seen = watcher.levels();
  CHECK(seen[0] == std::set<std::string>{"1\n"});
  CHECK(seen[1] == std::set<std::string>{"1\n"});
  CHECK(seen[2] == std::set<std::string>{"0\n"});
}

TEMPLATE_TEST_CASE("backend: outputs start at their initial value and follow set",
                   "[gpio][contract]", MockTarget, GpiodTarget) {
  TestType target;
  auto backend = target.make();
  const std::vector<LineSpec> specs{output("relay", 0u, true), output("lamp", 1u, false, true)};
  backend->request(specs);
  CHECK(level(target, 0) == "1\n");
  CHECK(level(target, 1) == "1\n");  // active-low: logical off is physical high
  CHECK(backend->get(0));
  CHECK_FALSE(backend->get(1));
  CHECK(backend->event_fd() == -1);  // no inputs
  CHECK_THAT(backend->describe(1), ContainsSubstring("offset 1"));

  backend->set(1, true);
  CHECK(level(target, 1) == "0\n");
  CHECK(backend->get(1));
  backend->set(0, false);
  CHECK(level(target, 0) == "0\n");
  CHECK_FALSE(backend->get(0));
}

TEMPLATE_TEST_CASE("backend: inputs read their pulled level, logically", "[gpio][contract]",
                   MockTarget, GpiodTarget) {
  TestType target;
  auto backend = target.make();
  const std::vector<LineSpec> specs{input("door", 2u, Edge::none, Bias::pull_up),
                                    input("window", 3u, Edge::none, Bias::pull_down, true)};
  backend->request(specs);
  CHECK(backend->get(0));
  CHECK(backend->get(1));  // pulled down, active-low: active
  pull(target, 2, false);
  CHECK_FALSE(backend->get(0));
}

TEMPLATE_TEST_CASE("backend: an input's bias overrides the level outside left", "[gpio][contract]",
                   MockTarget, GpiodTarget) {
  TestType target;
  pull(target, 4, true);
  pull(target, 5, false);
  auto backend = target.make();
  const std::vector<LineSpec> specs{input("low", 4u, Edge::none, Bias::pull_down),
                                    input("high", 5u, Edge::none, Bias::pull_up)};
  backend->request(specs);
  CHECK_FALSE(backend->get(0));
  CHECK(level(target, 4) == "0\n");
  CHECK(backend->get(1));
  CHECK(level(target, 5) == "1\n");
}

TEMPLATE_TEST_CASE("backend: edges of a driven input arrive on the event fd", "[gpio][contract]",
                   MockTarget, GpiodTarget) {
  TestType target;
  auto backend = target.make();
  const std::vector<LineSpec> specs{input("door", 2u, Edge::both, Bias::pull_down, true),
                                    input("button", 3u, Edge::rising, Bias::pull_down)};
  backend->request(specs);
  REQUIRE(backend->event_fd() >= 0);
  // The request itself raises nothing.
  CHECK(wait_events(*backend, 1, std::chrono::milliseconds(100)).empty());

  pull(target, 2, true);  // physical high on an active-low line: logical falling
  auto events = wait_events(*backend, 1);
  REQUIRE(events.size() == 1);
  CHECK(events[0].index == 0);
  CHECK_FALSE(events[0].rising);

  pull(target, 3, true);
  events = wait_events(*backend, 1);
  REQUIRE(events.size() == 1);
  CHECK(events[0].index == 1);
  CHECK(events[0].rising);

  // The rising-only input's falling edge is not reported; the next event is the door's.
  pull(target, 3, false);
  pull(target, 2, false);
  events = wait_events(*backend, 1);
  REQUIRE(events.size() == 1);
  CHECK(events[0].index == 0);
  CHECK(events[0].rising);
}

TEMPLATE_TEST_CASE("backend: a burst of bounces publishes the settled level once",
                   "[gpio][contract]", MockTarget, GpiodTarget) {
  TestType target;
  auto backend = target.make();
  // Wide margins: under qemu's TCG, writes and events jitter by milliseconds.
  auto spec = input("button", 6u, Edge::both, Bias::pull_down);
  spec.debounce = std::chrono::milliseconds(80);
  const std::vector<LineSpec> specs{spec};
  backend->request(specs);
  const auto settle = std::chrono::milliseconds(600);

  const auto bounce = [&](std::vector<bool> levels) {
    return [&target, levels = std::move(levels)] {
      for (const bool up : levels) pull(target, 6, up);
    };
  };
  SECTION("ending at the other level") {
    CHECK(published_levels(*backend, 0, spec, settle,
                           bounce({true, false, true, false, true, false, true})) ==
          std::vector<bool>{true});
    CHECK(backend->get(0));
  }
  SECTION("ending where it started") {
    CHECK(
        published_levels(*backend, 0, spec, settle, bounce({true, false, true, false, true, false}))
            .empty());
    CHECK_FALSE(backend->get(0));
  }
}

TEMPLATE_TEST_CASE("backend: a line is found by its name", "[gpio][contract]", MockTarget,
                   GpiodTarget) {
  TestType target;
  auto backend = target.make();
  const std::vector<LineSpec> specs{output("relay", target.line_name(1), false)};
  backend->request(specs);
  CHECK_THAT(backend->describe(0), ContainsSubstring("offset 1 (" + target.line_name(1) + ")"));
}

TEMPLATE_TEST_CASE("backend: errors name the entry and the line", "[gpio][contract]", MockTarget,
                   GpiodTarget) {
  TestType target;
  SECTION("an offset the chip lacks") {
    const std::vector<LineSpec> specs{output("relay", 4242u, false)};
    CHECK_THAT(message_of<GpioError>([&] { target.make()->request(specs); }),
               StartsWith("output 'relay': line 4242 does not exist on "));
  }
  SECTION("a name no chip has") {
    const std::vector<LineSpec> specs{
        input("door", std::string("NO_SUCH_LINE"), Edge::both, Bias::as_is)};
    CHECK_THAT(message_of<GpioError>([&] { target.make()->request(specs); }),
               StartsWith("input 'door': no line named \"NO_SUCH_LINE\" on any chip; "));
  }
  SECTION("one line wanted twice, by offset and by name") {
    const std::vector<LineSpec> specs{output("a", 1u, false),
                                      input("b", target.line_name(1), Edge::both, Bias::as_is)};
    CHECK_THAT(message_of<GpioError>([&] { target.make()->request(specs); }),
               ContainsSubstring("requested twice: by 'a' and 'b'"));
  }
  SECTION("misuse after the request") {
    auto backend = target.make();
    const std::vector<LineSpec> specs{input("door", 2u, Edge::both, Bias::as_is),
                                      output("relay", 0u, false)};
    backend->request(specs);
    CHECK_THAT(message_of<GpioError>([&] { backend->set(0, true); }),
               StartsWith("input 'door': cannot set ") && EndsWith(", it is an input"));
    CHECK_THAT(message_of<GpioError>([&] { backend->get(2); }),
               EndsWith(": no line with index 2 (2 lines requested)"));
    CHECK_THAT(message_of<GpioError>([&] { backend->set(7, true); }),
               EndsWith(": no line with index 7 (2 lines requested)"));
    CHECK_THAT(message_of<GpioError>([&] { backend->describe(2); }),
               EndsWith(": no line with index 2 (2 lines requested)"));
    CHECK_THAT(message_of<GpioError>([&] { backend->request(specs); }),
               EndsWith(": lines were already requested"));
  }
}

TEMPLATE_TEST_CASE("backend: lines are free again after a failed request and after release",
                   "[gpio][contract]", MockTarget, GpiodTarget) {
  TestType target;
  const std::vector<LineSpec> failing{output("relay", 0u, true), output("bad", 4242u, false)};
  CHECK_THAT(message_of<GpioError>([&] { target.make()->request(failing); }),
             ContainsSubstring("'bad'"));
  const std::vector<LineSpec> specs{output("relay", 0u, true)};
  {
    auto backend = target.make();
    backend->request(specs);
    CHECK(backend->get(0));
  }
  auto again = target.make();
  again->request(specs);
  CHECK(again->get(0));
}

TEMPLATE_TEST_CASE("backend: after release() the same backend requests other lines",
                   "[gpio][contract]", MockTarget, GpiodTarget) {
  TestType target;
  auto backend = target.make();
  const std::vector<LineSpec> first{output("relay", 0u, true), output("lamp", 1u, false)};
  backend->request(first);
  CHECK_THROWS_AS(backend->request(first), GpioError);  // one request at a time
  backend->release();
  // Line 0 is free for someone else now; the same object takes line 1 and a new one.
  auto other = target.make();
  other->request(std::vector<LineSpec>{output("relay", 0u, false)});
  const std::vector<LineSpec> second{output("lamp", 1u, true), output("fan", 2u, true)};
  backend->request(second);
  CHECK(backend->get(0));
  CHECK(backend->get(1));
  CHECK_FALSE(other->get(0));
  CHECK_THROWS_AS(backend->get(2), GpioError);  // the old request's indices are gone
}

TEST_CASE("gpiod backend: the Pi-like chip is found by its label and by auto", "[gpio][contract]") {
  const GpiodTarget target;
  const std::vector<LineSpec> specs{output("relay", std::string("GPIO17"), true)};
  for (const std::string chip : {"pinctrl-rp1", "auto"}) {
    CAPTURE(chip);
    auto backend = make_gpiod_backend(chip, "gpiogw-test");
    backend->request(specs);
    CHECK(backend->describe(0) == target.chip() + " [pinctrl-rp1] offset 17 (GPIO17)");
    CHECK(level(target, 17) == "1\n");
  }
}

TEST_CASE("gpiod backend: a name is found on another chip too", "[gpio][contract]") {
  const GpiodTarget target;
  const std::string chip2 = sim_setting("GPIOSIM_CHIP2");
  const fs::path sysfs2 = sim_setting("GPIOSIM_SYSFS2");
  auto backend = target.make();
  const std::vector<LineSpec> specs{output("relay", 3u, false),
                                    output("expander", std::string("EXP5"), true)};
  backend->request(specs);
  CHECK(backend->describe(0) == target.chip() + " [pinctrl-rp1] offset 3 (GPIO3)");
  CHECK(backend->describe(1) == chip2 + " [gpio-sim-expander] offset 5 (EXP5)");
  CHECK(gpiogw::test::read_file(sim_line(sysfs2, 5) / "value") == "1\n");
  backend->set(1, false);
  CHECK(gpiogw::test::read_file(sim_line(sysfs2, 5) / "value") == "0\n");
}

TEMPLATE_TEST_CASE("backend: a line another consumer holds gives a clear error", "[gpio][contract]",
                   MockTarget, GpiodTarget) {
  TestType target;
  auto holder = target.make("other-program");
  const std::vector<LineSpec> held{input("theirs", 7u, Edge::both, Bias::as_is)};
  holder->request(held);
  const std::vector<LineSpec> specs{output("relay", 0u, true),
                                    output("pump", target.line_name(7), false)};
  auto backend = target.make();
  const std::string where = " offset 7 (" + target.line_name(7) + ")";
  CHECK_THAT(message_of<GpioError>([&] { backend->request(specs); }),
             StartsWith("output 'pump': cannot request ") && ContainsSubstring(where) &&
                 EndsWith(": busy: held by consumer \"other-program\""));
  // All or nothing: the failed request gave line 0 back, and the backend can request again.
  auto other = target.make();
  other->request(std::vector<LineSpec>{output("relay", 0u, false)});
  CHECK_FALSE(other->get(0));
  other.reset();
  holder->release();
  backend->request(specs);
  CHECK(backend->get(0));
}

// What a pulse counter relies on (gateway/counters.cpp): every edge in the counting direction
// arrives once, none is lost, while pulses come from outside as fast as the line follows them
// (each level is written and waited for in its value file; on gpio-sim in the VM that is a real
// kernel chip's edge interrupt, queue and sequence numbers, v1 and v2).
TEMPLATE_TEST_CASE("backend: every pulse driven from outside is counted, none lost",
                   "[gpio][contract][counter]", MockTarget, GpiodTarget) {
  TestType target;
  auto backend = target.make();
  const std::vector<LineSpec> specs{input("water", 7u, Edge::falling, Bias::pull_up)};
  backend->request(specs);
  constexpr std::size_t kPulses = 300;
  const fs::path value = sim_line(target.sim_dir(), 7) / "value";
  std::jthread driver([&](std::stop_token stop) {
    for (std::size_t i = 0; i < 2 * kPulses && !stop.stop_requested(); ++i) {
      const bool up = i % 2 == 1;  // down first: from the pull-up's high
      pull(target, 7, up);
      const std::string expected = up ? "1\n" : "0\n";
      while (!stop.stop_requested() && gpiogw::test::read_file(value) != expected) {
        std::this_thread::yield();
      }
    }
  });
  std::size_t counted = 0;
  std::uint64_t lost = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (counted + lost < kPulses && std::chrono::steady_clock::now() < deadline) {
    for (const auto& event : wait_events(*backend, 1, std::chrono::milliseconds(50))) {
      CHECK(event.index == 0);
      CHECK_FALSE(event.rising);
      ++counted;
      lost += event.lost;
    }
  }
  driver.request_stop();
  CHECK(counted == kPulses);
  CHECK(lost == 0);
}
