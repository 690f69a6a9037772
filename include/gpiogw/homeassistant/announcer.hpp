#pragma once
// Keeps Home Assistant's view of this gateway right: announces the discovery configs (retained) on
// every connect; deletes the configs of entities that are no longer in the config (an empty
// retained payload) — the broker's retained configs under this gateway's node id are the record of
// what was announced before, so nothing is kept on disk; and announces again, with the states, when
// HA says it is back (birth message "online" on <ha prefix>/status), after a short random delay
// so that a fleet of gateways does not answer all at once. With discovery = false it announces
// nothing and so removes every config announced while discovery was on.

#include <chrono>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <string_view>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/config/config.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/homeassistant/board.hpp"

namespace gpiogw::homeassistant {

class Announcer {
 public:
  using Publish = std::function<void(const std::string& topic, const std::string& payload)>;
  static constexpr std::chrono::milliseconds kBirthDelayMin{500};
  static constexpr std::chrono::milliseconds kBirthDelayMax{3000};

  // `publish` sends a retained message; `republish_states` sends every state again.
  Announcer(const config::Config& config, const Topics& topics, EventLoop& loop, Publish publish,
            std::function<void()> republish_states);

  std::string birth_topic() const;  // <ha prefix>/status
  // Our retained configs, old and new: <ha prefix>/+/<node id>/+/config
  std::string config_subscription() const;
  bool is_own_config(std::string_view topic) const;

  void on_connected();
  void on_birth(std::string_view payload);
  // A config message under our node id came back from the broker.
  void on_config(const std::string& topic, std::string_view payload, bool retained);

 private:
  void announce();

  const config::Config& config_;
  const Topics& topics_;
  Publish publish_;
  std::function<void()> republish_states_;
  std::string node_;
  Board board_;  // read once: the board does not change under a running gateway
  std::set<std::string> announced_;
  std::minstd_rand random_;
  EventLoop::Timer birth_timer_;
};

}  // namespace gpiogw::homeassistant
