#pragma once
// The soak test's command driver. Every output has one commander and at most one command on its
// way; the next is sent once the sim line shows the last one applied. Commands alternate the
// output (ON after OFF, TOGGLE included), so each one is a visible change: a lost command leaves
// its output waiting, a stray change (a malformed payload that moved something) shows on an output
// with nothing on its way. Commands go as QoS 1 to the output's set topic, as text to the
// gateway's cmd topic, or as chat lines of a few members who each keep below the rate limit.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "gateway_process.hpp"
#include "soak_client.hpp"
#include "soak_setup.hpp"

namespace gpiogw::soak {

struct CommanderStats {
  std::uint64_t sent = 0;
  std::uint64_t acknowledged = 0;  // PUBACK from the broker
  std::uint64_t applied = 0;       // seen on the sim line
  std::uint64_t by_set_topic = 0;
  std::uint64_t by_cmd_topic = 0;
  std::uint64_t by_chat = 0;
  std::uint64_t toggles = 0;
};

class Commander {
 public:
  using Clock = std::chrono::steady_clock;

  Commander(const test::GatewayProcess& gateway, SoakClient& client, std::uint64_t seed);

  // One round: notes what was applied and acknowledged, checks the idle outputs, sends the next
  // commands. Returns how long to wait before the next round.
  std::chrono::microseconds step();

  // No new commands (those on their way are still watched). With `toggles` false only the
  // idempotent ON/OFF are sent after resume(): a QoS 1 message the broker re-delivers after a
  // restart must not flip an output twice.
  void pause();
  void resume(bool toggles);
  // Paused, every command acknowledged by the broker and no TOGGLE on its way: the broker may stop.
  bool quiet() const;
  // Paused and every command applied.
  bool settled() const;

  CommanderStats stats() const;
  // Outputs that changed with nothing on its way, commands the broker refused.
  std::vector<std::string> failures() const;
  // Commands not carried out or not acknowledged (yet), one line each.
  std::vector<std::string> on_their_way() const;
  // The state each output was last commanded to (ON = true), by name.
  std::map<std::string, bool> commanded() const;

 private:
  enum class Channel { set_topic, cmd_topic, chat };
  struct Track {
    SoakOutput output;
    bool commanded;  // the last command's state
    bool on_its_way = false;
    bool toggle = false;
    std::string description{};  // of the last command
    std::optional<std::size_t> chatter{};
    Clock::time_point sent_at{};
  };
  struct Chatter {
    std::string name;
    bool busy = false;  // one command at a time, so no burst reaches the rate limiter
    Clock::time_point last_sent{};
  };

  bool count_acknowledgements();  // true if one came
  bool observe(Track& track);     // true if something moved on
  void send(Track& track);
  std::optional<std::size_t> free_chatter();
  void fail(std::string what);

  const test::GatewayProcess& gateway_;
  SoakClient& client_;
  mutable std::mutex mutex_;
  std::mt19937_64 random_;
  std::vector<Track> tracks_;
  std::vector<Chatter> chatters_;
  // Sent commands until the broker's PUBACK is counted (a command may be carried out before its
  // PUBACK arrives: mosquitto forwards first).
  std::vector<std::pair<::mqtt::delivery_token_ptr, std::string>> unacknowledged_;
  bool paused_ = false;
  bool toggles_ = true;
  CommanderStats stats_;
  std::vector<std::string> failures_;
};

}  // namespace gpiogw::soak
