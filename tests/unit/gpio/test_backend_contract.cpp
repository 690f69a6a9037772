// The Backend contract the gateway relies on, one suite for every backend: the mock always, and
// this build's libgpiod backend (v1 or v2) where a gpio-sim chip exists, as in the gpio-sim VM
// (GPIOSIM_CHIP names the chip, GPIOSIM_SYSFS its sysfs folder). Both are driven and watched from
// outside the same way, through gpio-sim's layout: <folder>/sim_gpioN/pull and .../value.
#include <poll.h>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

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
  std::unique_ptr<Backend> make() const {
    return std::make_unique<MockBackend>(MockOptions{dir_.path(), 8});
  }
  fs::path sim_dir() const { return dir_.path(); }
  std::string line_name(unsigned offset) const { return mock_chip(8).lines.at(offset).name; }

 private:
  gpiogw::test::TempDir dir_{"gpiogw-contract"};
};

class GpiodTarget {
 public:
  GpiodTarget() {
    const char* chip = std::getenv("GPIOSIM_CHIP");
    const char* sysfs = std::getenv("GPIOSIM_SYSFS");
    if (chip == nullptr || sysfs == nullptr) {
      SKIP("no gpio-sim chip (GPIOSIM_CHIP and GPIOSIM_SYSFS are set in the gpio-sim VM)");
    }
    chip_ = chip;
    sysfs_ = sysfs;
  }
  std::unique_ptr<Backend> make() const { return make_gpiod_backend(chip_, "gpiogw-test"); }
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

template <typename Target>
void pull(const Target& target, unsigned offset, bool up) {
  gpiogw::test::write_file(target.sim_dir() / ("sim_gpio" + std::to_string(offset)) / "pull",
                           up ? "pull-up\n" : "pull-down\n");
}

template <typename Target>
std::string level(const Target& target, unsigned offset) {
  return gpiogw::test::read_file(target.sim_dir() / ("sim_gpio" + std::to_string(offset)) /
                                 "value");
}

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

}  // namespace

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
