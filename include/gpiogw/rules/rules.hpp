#pragma once
// Local rules ([[rule]]): when an input reports an event or an input or output reaches a state,
// run a command of the chat language through the gateway's command path, with or without a
// broker.
//
// Rules cannot trigger each other: check() refuses a rule whose action can change what any
// rule's `when` watches (its target, or an interlock partner that switching the target on turns
// off). Inputs cannot be driven at all, so a rule's action never changes anything a rule waits
// for, at once or later (a pulse's end, max_on, interlock_wait).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/chat/command.hpp"
#include "gpiogw/chat/room.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/config/loader.hpp"

namespace gpiogw::rules {

// Every rule's `do`, at its file:line:col: a set, toggle or pulse of a configured output or PWM
// channel that no rule watches, or a counter's new total (set <counter> <total>). The loader
// checked `when` and `only` already.
std::vector<config::Diagnostic> check(const config::Config& config);

class Engine {
 public:
  // `config` must be checked by check() and outlive the engine; `connected` says whether the
  // broker is reachable, for `only = "disconnected"`.
  Engine(const config::Config& config, const EventLoop& loop, chat::Executor execute,
         std::function<bool()> connected);

  void on_event(std::string_view input, config::ButtonEvent event);
  // A change to `on`; the caller reports changes only, not a command that changed nothing.
  void on_state(std::string_view name, bool on);
  // No rule fires from now on: a stopping gateway switches outputs off (shutdown = "off"), and
  // a rule waiting for that must not switch anything on again on the way out.
  void stop() { stopped_ = true; }

  // One line for the `rules` chat command: each rule and when it last fired.
  std::string listing() const;

 private:
  struct Armed {
    const config::Rule* rule;
    chat::Command command;
    std::optional<EventLoop::TimePoint> last_fired{};
  };
  void fire(std::size_t index);

  const EventLoop& loop_;
  chat::Executor execute_;
  std::function<bool()> connected_;
  std::vector<Armed> rules_;
  bool stopped_ = false;
};

}  // namespace gpiogw::rules
