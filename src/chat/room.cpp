#include "gpiogw/chat/room.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/chat/line.hpp"

namespace gpiogw::chat {
namespace {

Outcome execute_line(std::string_view line, std::string_view who, const Executor& execute) {
  if (auto problem = check_line(line)) return {false, std::move(*problem)};
  auto parsed = parse_command(line);
  if (auto* error = std::get_if<ParseError>(&parsed)) return {false, std::move(error->message)};
  return execute(std::get<Command>(parsed), who);
}

}  // namespace

std::string answer(const Outcome& outcome) {
  return one_line(fmt::format("{}: {}", outcome.ok ? "ok" : "error", outcome.text));
}

std::string run_command_line(std::string_view line, std::string_view who, const Executor& execute) {
  return answer(execute_line(line, who, execute));
}

ChatRoom::ChatRoom(config::Chat config, Warn warn)
    : config_(std::move(config)), warn_(std::move(warn)) {}

std::string ChatRoom::subscription() const {
  return config_.room + "/+";
}

std::string ChatRoom::reply_topic() const {
  return config_.room + "/" + config_.name;
}

std::optional<std::string_view> ChatRoom::sender_of(std::string_view topic) const {
  if (!topic.starts_with(config_.room) || topic.size() <= config_.room.size() + 1 ||
      topic[config_.room.size()] != '/') {
    return std::nullopt;
  }
  const std::string_view sender = topic.substr(config_.room.size() + 1);
  // Our own topic: never react to what we said, whatever it looks like.
  if (sender.find('/') != std::string_view::npos || sender == config_.name) return std::nullopt;
  return sender;
}

bool ChatRoom::allowed(std::string_view sender) const {
  return config_.allow.empty() || std::ranges::find(config_.allow, sender) != config_.allow.end();
}

std::optional<std::string> ChatRoom::on_line(std::string_view sender, std::string_view line,
                                             Clock::time_point now, const Executor& execute) {
  // Only the head of a long line is searched for the address; the length is judged below.
  const auto body = addressed_body(line.substr(0, 2 * kMaxLineBytes), config_.name);
  if (!body || is_reply(*body)) return std::nullopt;
  // The whole line is cut, not its parts: a long sender name must not stretch it.
  const auto reply = [&](std::string_view text) {
    return one_line(fmt::format("@{} {}", sender, text));
  };
  switch (limiter_.check(sender, now)) {
    case RateLimiter::Verdict::allowed:
      break;
    case RateLimiter::Verdict::refused_tell:
      return reply(answer(
          {false, fmt::format("too many commands; at most {} at once, then one "
                              "every {} s",
                              kBurst,
                              std::chrono::duration_cast<std::chrono::seconds>(kRefill).count())}));
    case RateLimiter::Verdict::room_busy_tell: {
      const auto bound =
          fmt::format("at most {} commands at once from the whole room, then {} per second",
                      kRoomBurst, std::chrono::seconds(1) / kRoomRefill);
      warn_(
          fmt::format("chat room {} is over its bound ({}); refusing commands until the rate drops",
                      config_.room, bound));
      return reply(answer({false, "the room sends too many commands; " + bound}));
    }
    case RateLimiter::Verdict::refused_silently:
    case RateLimiter::Verdict::room_busy_silently:
      return std::nullopt;
  }
  if (!allowed(sender)) return reply("not allowed");
  if (line.size() > kMaxLineBytes) return reply(answer({false, *check_line(line)}));
  // `who` ends up in the log ("output 'x' ON (chat from ...)"): anyone may choose a sender.
  return reply(
      answer(execute_line(*body, fmt::format("chat from {}", printable_excerpt(sender)), execute)));
}

}  // namespace gpiogw::chat
