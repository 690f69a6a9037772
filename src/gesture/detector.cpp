#include "gpiogw/gesture/detector.hpp"

#include <algorithm>

namespace gpiogw::gesture {

using config::ButtonEvent;

Detector::Detector(const config::Input& input, EventLoop& loop, OnEvent on_event, bool pressed)
    : input_(input),
      on_event_(std::move(on_event)),
      long_timer_(loop.make_timer([this] { held_long(); })),
      window_timer_(loop.make_timer([this] { window_over(); })),
      pressed_(pressed),
      silent_release_(pressed) {}

bool Detector::detects(ButtonEvent event) const {
  return std::ranges::find(input_.events, event) != input_.events.end();
}

void Detector::report(ButtonEvent event) {
  if (detects(event)) on_event_(event);
}

void Detector::on_level(bool pressed) {
  if (pressed == pressed_) return;
  pressed_ = pressed;
  if (pressed) {
    window_timer_.cancel();  // the waiting click may become a double
    silent_release_ = false;
    if (detects(ButtonEvent::long_press)) long_timer_.arm_after(input_.long_press);
    return;
  }
  long_timer_.cancel();
  if (silent_release_) return;
  ++clicks_;
  if (!detects(ButtonEvent::double_press)) {
    clicks_ = 0;
    return report(ButtonEvent::single);
  }
  if (clicks_ == 2) {
    clicks_ = 0;
    return report(ButtonEvent::double_press);
  }
  window_timer_.arm_after(input_.double_click);
}

void Detector::held_long() {
  silent_release_ = true;
  if (clicks_ == 1) report(ButtonEvent::single);
  clicks_ = 0;
  report(ButtonEvent::long_press);
}

void Detector::window_over() {
  clicks_ = 0;
  report(ButtonEvent::single);
}

}  // namespace gpiogw::gesture
