// Button gestures on the loop's manual clock: every window is asserted to the microsecond.
#include "gpiogw/gesture/detector.hpp"

#include <catch2/catch_test_macros.hpp>

#include <optional>
#include <string>
#include <vector>

#include "gpiogw/gateway/inputs.hpp"
#include "gpiogw/gpio/mock_backend.hpp"

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::config::ButtonEvent;
namespace gpio = gpiogw::gpio;

namespace {

using Events = std::vector<std::string>;

// One button with double_click 300 ms and long_press 800 ms, and the events it reports.
struct Button {
  explicit Button(std::vector<ButtonEvent> events) {
    input.events = std::move(events);
    input.double_click = 300ms;
    input.long_press = 800ms;
    detector.emplace(input, loop, [this](ButtonEvent event) {
      reported.emplace_back(gpiogw::config::to_string(event));
    });
  }
  // Pressed for `held`, then released and left alone for `after`.
  void click(EventLoop::Duration held = 100ms, EventLoop::Duration after = 100ms) {
    detector->on_level(true);
    loop.advance(held);
    detector->on_level(false);
    loop.advance(after);
  }

  gpiogw::config::Input input{.name = "hall_button", .line = 5U};
  EventLoop loop{EventLoop::ManualClock{}};
  std::optional<gpiogw::gesture::Detector> detector;
  Events reported;
};

const std::vector kAll{ButtonEvent::single, ButtonEvent::double_press, ButtonEvent::long_press};

}  // namespace

TEST_CASE("a single press is reported once the double-click window has passed", "[gesture]") {
  Button button(kAll);
  button.click(100ms, 300ms - 1us);
  CHECK(button.reported.empty());
  button.loop.advance(1us);
  CHECK(button.reported == Events{"single"});
}

TEST_CASE("without double configured a single press is reported at its release", "[gesture]") {
  Button button({ButtonEvent::single, ButtonEvent::long_press});
  button.detector->on_level(true);
  button.loop.advance(100ms);
  CHECK(button.reported.empty());
  button.detector->on_level(false);
  CHECK(button.reported == Events{"single"});
}

TEST_CASE("a second press inside the window is a double, reported at its release", "[gesture]") {
  Button button(kAll);
  button.click(100ms, 300ms - 1us);  // the second press comes 1 us before the window closes
  button.detector->on_level(true);
  button.loop.advance(50ms);
  CHECK(button.reported.empty());
  button.detector->on_level(false);
  CHECK(button.reported == Events{"double"});
  button.loop.advance(1h);
  CHECK(button.reported == Events{"double"});
}

TEST_CASE("a press just after the window is a new single", "[gesture]") {
  Button button(kAll);
  button.click(100ms, 300ms);
  button.click(100ms, 300ms);
  CHECK(button.reported == Events{"single", "single"});
}

TEST_CASE("a triple press is a double, then a single", "[gesture]") {
  Button button(kAll);
  button.click(80ms, 100ms);
  button.click(80ms, 100ms);
  CHECK(button.reported == Events{"double"});
  button.click(80ms, 300ms);
  CHECK(button.reported == Events{"double", "single"});
}

TEST_CASE("a long press is reported when held long enough; its late release reports nothing",
          "[gesture]") {
  Button button(kAll);
  button.detector->on_level(true);
  button.loop.advance(800ms - 1us);
  CHECK(button.reported.empty());
  button.loop.advance(1us);
  CHECK(button.reported == Events{"long"});
  button.loop.advance(5s);  // released much later
  button.detector->on_level(false);
  button.loop.advance(1h);
  CHECK(button.reported == Events{"long"});
}

TEST_CASE("a press released before long_press is a click", "[gesture]") {
  Button button(kAll);
  button.click(800ms - 1us, 300ms);
  CHECK(button.reported == Events{"single"});
}

TEST_CASE("a click followed by a long press reports both, in order", "[gesture]") {
  Button button(kAll);
  button.click(100ms, 100ms);
  button.detector->on_level(true);
  button.loop.advance(800ms);
  CHECK(button.reported == Events{"single", "long"});
}

TEST_CASE("a press already under way at the start reports nothing at its release", "[gesture]") {
  gpiogw::config::Input input{.name = "hall_button", .line = 5U, .events = kAll};
  EventLoop loop{EventLoop::ManualClock{}};
  Events reported;
  gpiogw::gesture::Detector detector(
      input, loop,
      [&](ButtonEvent event) { reported.emplace_back(gpiogw::config::to_string(event)); }, true);
  loop.advance(1h);
  detector.on_level(false);
  loop.advance(1h);
  CHECK(reported.empty());
  detector.on_level(true);
  detector.on_level(false);
  loop.advance(input.double_click);
  CHECK(reported == Events{"single"});
}

TEST_CASE("only the configured events are reported", "[gesture]") {
  Button button({ButtonEvent::double_press});
  button.click(100ms, 1s);
  button.click(2s, 1s);  // would be a single, then a long
  CHECK(button.reported.empty());
  button.click(100ms, 100ms);
  button.click(100ms, 100ms);
  CHECK(button.reported == Events{"double"});
}

TEST_CASE("bouncy presses become clean gestures after the debounce", "[gesture]") {
  gpio::MockBackend mock{gpio::MockOptions{}};
  const std::vector<gpio::LineSpec> specs{
      {.name = "hall_button", .line = 5U, .edge = gpio::Edge::both, .debounce = 20ms}};
  mock.request(specs);
  std::vector<gpiogw::config::Input> config{
      {.name = "hall_button", .line = 5U, .debounce = 20ms, .events = kAll}};
  EventLoop loop{EventLoop::ManualClock{}};
  Events reported;
  gpiogw::gesture::Detector detector(config[0], loop, [&](ButtonEvent event) {
    reported.emplace_back(gpiogw::config::to_string(event));
  });
  gpiogw::Inputs inputs(config, 0, mock, loop, [&](const gpiogw::Inputs::Input&, bool level) {
    detector.on_level(level);
  });
  // Each press and release bounces three times, 2 ms apart, before the line settles.
  const auto bouncy = [&](bool level) {
    for (bool bounce : {level, !level, level}) {
      mock.drive(5, bounce);
      inputs.on_edges(mock.read_events());
      loop.advance(2ms);
    }
  };
  bouncy(true);
  loop.advance(100ms);
  bouncy(false);
  loop.advance(100ms);
  bouncy(true);
  loop.advance(100ms);
  bouncy(false);
  CHECK(reported.empty());
  loop.advance(20ms - 2ms);  // the release settles 20 ms after its last bounce
  CHECK(reported == Events{"double"});
  loop.advance(1h);
  CHECK(reported == Events{"double"});
}
