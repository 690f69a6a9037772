#pragma once
// The gateway as a member of an MQTT chat room: members publish on <room>/<name> and read
// <room>/+. Decides which lines are commands for us and what to answer; knows nothing of MQTT
// clients or GPIO (commands run through the Executor it is given).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "gpiogw/chat/command.hpp"
#include "gpiogw/chat/rate_limiter.hpp"
#include "gpiogw/config/config.hpp"

namespace gpiogw::chat {

// What a command did: a result for the person, or why it could not be done.
struct Outcome {
  bool ok;
  std::string text;
};
// `who` says who asked, for the log.
using Executor = std::function<Outcome(const Command& command, std::string_view who)>;

// "ok: <text>" or "error: <text>", on one line: the body of every answer.
std::string answer(const Outcome& outcome);

// The answer to one text command that needs no addressing (the <prefix>/cmd topic).
std::string run_command_line(std::string_view line, std::string_view who, const Executor& execute);

class ChatRoom {
 public:
  using Clock = RateLimiter::Clock;
  static constexpr int kBurst = 5;  // commands a sender may send at once...
  static constexpr Clock::duration kRefill = std::chrono::seconds(2);  // ...then one per 2 s
  static constexpr int kRoomBurst = 20;  // commands all senders together may send at once...
  static constexpr Clock::duration kRoomRefill = std::chrono::milliseconds(200);  // ...then 5/s
  // Told what the operator should know (the room went over its bound), once per streak.
  using Warn = std::function<void(const std::string& text)>;

  ChatRoom(config::Chat config, Warn warn);

  std::string subscription() const;  // <room>/+
  std::string reply_topic() const;   // <room>/<name>
  // The sender of a message on `topic`, if it is another member's topic in this room.
  std::optional<std::string_view> sender_of(std::string_view topic) const;

  // A line from `sender`; returns the reply line to publish on reply_topic(), if any.
  std::optional<std::string> on_line(std::string_view sender, std::string_view line,
                                     Clock::time_point now, const Executor& execute);

 private:
  bool allowed(std::string_view sender) const;

  config::Chat config_;
  Warn warn_;
  RateLimiter limiter_{{kBurst, kRefill}, {kRoomBurst, kRoomRefill}};
};

}  // namespace gpiogw::chat
