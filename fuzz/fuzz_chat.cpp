// Fuzz target: a line in the chat room, as the gateway reads it (check_line, addressed_body,
// is_reply, parse_command) and answers it (ChatRoom::on_line, one_line). Anyone in the room can
// send any bytes under any sender name.
//
// Input: the first byte is the length of the sender name, which follows; the rest is the line.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "check.hpp"
#include "gpiogw/base/text.hpp"
#include "gpiogw/chat/command.hpp"
#include "gpiogw/chat/line.hpp"
#include "gpiogw/chat/room.hpp"
#include "gpiogw/config/duration.hpp"

using namespace gpiogw::chat;
using gpiogw::fuzz::require;

namespace {

constexpr std::string_view kName = "kitchen";

bool has_control(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  }
  return false;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void check_utf8(std::string_view text) {
  if (!is_valid_utf8(text)) return;
  // Bytes that never occur in UTF-8: overlong leads and leads past U+10FFFF.
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    require(byte != 0xC0 && byte != 0xC1 && byte < 0xF5, "valid UTF-8 has no impossible bytes");
  }
}

void check_line_verdict(std::string_view line) {
  if (check_line(line)) return;
  require(line.size() <= kMaxLineBytes, "accepted lines are short");
  require(is_valid_utf8(line), "accepted lines are UTF-8");
  for (const char c : line) {
    require(static_cast<unsigned char>(c) >= 0x20 || is_blank(c), "no control characters");
  }
}

void check_one_line(std::string_view text) {
  const std::string line = one_line(text);
  require(line.size() <= kMaxReplyBytes, "one_line is short");
  require(!has_control(line), "one_line has no control characters");
  if (is_valid_utf8(text)) require(is_valid_utf8(line), "one_line keeps UTF-8 valid");
  if (text.size() <= kMaxReplyBytes && !has_control(text)) require(line == text, "clean text kept");
}

void check_parse(std::string_view body) {
  const auto parsed = parse_command(body);
  if (const auto* error = std::get_if<ParseError>(&parsed)) {
    require(!error->message.empty(), "errors say why");
    return;
  }
  const auto& command = std::get<Command>(parsed);
  const bool needs_target =
      command.verb != Verb::help && command.verb != Verb::status && command.verb != Verb::list;
  require(needs_target != command.target.empty(), "a target exactly when the verb takes one");
  for (const char c : command.target) require(!is_blank(c), "targets are single words");
  if (command.verb == Verb::pulse) require(command.duration.count() > 0, "pulses last");
}

void check_address(std::string_view line) {
  const auto body = addressed_body(line, kName);
  if (!body) return;
  require(gpiogw::trim(line).starts_with('@'), "addressed with @");
  require(body->empty() || (body->data() >= line.data() &&
                            body->data() + body->size() <= line.data() + line.size()),
          "the body is part of the line");
  require(body->empty() || (!is_blank(body->front()) && !is_blank(body->back())), "trimmed");
  check_parse(*body);
}

// The gateway's answer, through the real ChatRoom with an executor that echoes the command the
// way the gateway does ("relay1 ON for 2s"), so user text ends up in the reply.
void check_reply(std::string_view sender, std::string_view line) {
  ChatRoom room(gpiogw::config::Chat{.room = "room", .name = std::string(kName), .allow = {}},
                [](const std::string&) {});
  const auto echo = [](const Command& command, std::string_view) {
    return Outcome{command.verb != Verb::get,
                   command.target + " for " + gpiogw::config::format_duration(command.duration)};
  };
  const auto reply = room.on_line(sender, line, ChatRoom::Clock::now(), echo);
  if (!reply) return;
  require(reply->starts_with('@'), "replies are addressed");
  require(reply->size() <= kMaxReplyBytes, "replies are cut");
  require(!has_control(*reply), "replies are one line");
  if (is_valid_utf8(sender) && is_valid_utf8(line)) {
    require(is_valid_utf8(*reply), "replies to UTF-8 are UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t sender_size = size > 0 ? std::min<std::size_t>(data[0], size - 1) : 0;
  const std::string_view sender = input.substr(size > 0 ? 1 : 0, sender_size);
  const std::string_view line = input.substr(size > 0 ? 1 + sender_size : 0);

  check_utf8(input);
  check_line_verdict(line);
  check_one_line(line);
  check_address(line);
  check_parse(line);  // <prefix>/cmd takes lines without an address
  if (!sender.empty() && sender.find('/') == std::string_view::npos && sender != kName) {
    check_reply(sender, line);
  }
  return 0;
}
