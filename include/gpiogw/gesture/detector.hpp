#pragma once
// Button gestures from an input's settled levels (after debounce): single, double and long
// presses, timed on the loop's timers. Pure logic: it knows nothing of MQTT or rules.
//
//   long:   held for long_press; reported at that moment, and its release reports nothing.
//   double: a second press within double_click of the first release; reported at its release.
//   single: with `double` configured, reported double_click after the release when no second
//           press came; without it, reported at the release.
// A third press starts a new gesture (a triple press is a double, then a single). A press that
// becomes long reports a waiting click first (as a single), then the long press.

#include <functional>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/config/config.hpp"

namespace gpiogw::gesture {

class Detector {
 public:
  using OnEvent = std::function<void(config::ButtonEvent event)>;

  // `input` (its events, double_click and long_press) must outlive the detector. `pressed`: the
  // level now; a press already under way when the detector starts reports nothing.
  Detector(const config::Input& input, EventLoop& loop, OnEvent on_event, bool pressed = false);
  Detector(const Detector&) = delete;  // the timers capture `this`
  Detector& operator=(const Detector&) = delete;

  // A settled level: true while the button is pressed (logical, after active_low).
  void on_level(bool pressed);

 private:
  bool detects(config::ButtonEvent event) const;
  void report(config::ButtonEvent event);
  void held_long();
  void window_over();

  const config::Input& input_;
  OnEvent on_event_;
  EventLoop::Timer long_timer_;
  EventLoop::Timer window_timer_;
  bool pressed_;
  bool silent_release_;  // this press was long, or began unseen: its release reports nothing
  int clicks_ = 0;       // releases waiting for the double-click window
};

}  // namespace gpiogw::gesture
