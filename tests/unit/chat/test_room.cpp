#include "gpiogw/chat/room.hpp"

#include <catch2/catch_test_macros.hpp>

#include <vector>

#include "gpiogw/chat/line.hpp"

using namespace std::chrono_literals;
using gpiogw::chat::ChatRoom;
using gpiogw::chat::Command;
using gpiogw::chat::Outcome;

namespace {

// Records what the room asked to run; answers "ok: ran <verb target>".
struct Recorder {
  std::vector<std::string> ran;
  gpiogw::chat::Executor executor() {
    return [this](const Command& command, std::string_view who) {
      ran.push_back(command.target + " by " + std::string(who));
      return Outcome{true, "done " + command.target};
    };
  }
};

ChatRoom room(std::vector<std::string> allow = {}, std::vector<std::string>* warnings = nullptr) {
  return ChatRoom(gpiogw::config::Chat{"asm/chatt", "kitchen", std::move(allow)},
                  [warnings](const std::string& text) {
                    if (warnings) warnings->push_back(text);
                  });
}

const ChatRoom::Clock::time_point t0{};

}  // namespace

TEST_CASE("the room's topics", "[chat]") {
  const auto chat = room();
  CHECK(chat.subscription() == "asm/chatt/+");
  CHECK(chat.reply_topic() == "asm/chatt/kitchen");
  CHECK(chat.sender_of("asm/chatt/alice") == "alice");
  CHECK_FALSE(chat.sender_of("asm/chatt/kitchen"));  // our own topic
  CHECK_FALSE(chat.sender_of("asm/chatt"));
  CHECK_FALSE(chat.sender_of("asm/chatt/"));
  CHECK_FALSE(chat.sender_of("asm/chatter/alice"));
  CHECK_FALSE(chat.sender_of("asm/chatt/a/b"));
}

TEST_CASE("addressed lines run and are answered to the sender; chatter is ignored", "[chat]") {
  auto chat = room();
  Recorder recorder;
  CHECK(chat.on_line("alice", "@kitchen toggle relay1", t0, recorder.executor()) ==
        "@alice ok: done relay1");
  CHECK(chat.on_line("alice", "@all get door", t0, recorder.executor()) == "@alice ok: done door");
  CHECK_FALSE(chat.on_line("alice", "hello kitchen", t0, recorder.executor()));
  CHECK_FALSE(chat.on_line("alice", "@garage toggle relay1", t0, recorder.executor()));
  CHECK(recorder.ran ==
        std::vector<std::string>{"relay1 by chat from \"alice\"", "door by chat from \"alice\""});
}

TEST_CASE("a sender chosen to forge log lines reaches the executor bounded and printable",
          "[chat]") {
  // The sender is a topic level: anyone's bytes, and the executor's `who` goes into the log.
  auto chat = room();
  Recorder recorder;
  const std::string sender = "eve\n1999-01-01 forged\x1b[2J" + std::string(60000, 'e');
  chat.on_line(sender, "@kitchen toggle relay1", t0, recorder.executor());
  REQUIRE(recorder.ran.size() == 1);
  const std::string& who = recorder.ran.front();
  CHECK(who.size() < 200);
  CHECK(who.starts_with(R"(relay1 by chat from "eve\x0a1999-01-01 forged\x1b[2J)"));
  CHECK(who.ends_with("... (" + std::to_string(sender.size()) + " bytes)"));
}

TEST_CASE("parse errors are answered, nothing runs", "[chat]") {
  auto chat = room();
  Recorder recorder;
  CHECK(chat.on_line("bob", "@kitchen pulse relay1", t0, recorder.executor()) ==
        "@bob error: usage: pulse <output> <duration>");
  CHECK(chat.on_line("bob", "@kitchen \xff\xfe", t0, recorder.executor()) ==
        "@bob error: not valid UTF-8");
  const auto long_line = "@kitchen toggle " + std::string(300, 'x');
  CHECK(chat.on_line("bob", long_line, t0, recorder.executor()) ==
        "@bob error: line too long (316 bytes, at most 256)");
  CHECK(recorder.ran.empty());
}

TEST_CASE("a reply is cut as a whole, however long the sender's name", "[chat]") {
  auto chat = room();
  Recorder recorder;
  const std::string sender(500, 's');
  const auto reply = chat.on_line(sender, "@kitchen toggle relay1", t0, recorder.executor());
  REQUIRE(reply);
  CHECK(reply->size() == gpiogw::chat::kMaxReplyBytes);
  CHECK(reply->starts_with("@sss"));
  CHECK(reply->ends_with("..."));
}

TEST_CASE("other gateways' replies are never commands, so two gateways cannot loop", "[chat]") {
  auto chat = room();
  Recorder recorder;
  CHECK_FALSE(chat.on_line("garage", "@kitchen ok: relay1 ON", t0, recorder.executor()));
  CHECK_FALSE(
      chat.on_line("garage", "@kitchen error: unknown command 'x'", t0, recorder.executor()));
  CHECK_FALSE(chat.on_line("garage", "@kitchen not allowed", t0, recorder.executor()));
  CHECK(recorder.ran.empty());
}

TEST_CASE("only allowed senders may command", "[chat]") {
  auto chat = room({"alice"});
  Recorder recorder;
  CHECK(chat.on_line("mallory", "@kitchen toggle relay1", t0, recorder.executor()) ==
        "@mallory not allowed");
  CHECK(chat.on_line("alice", "@kitchen toggle relay1", t0, recorder.executor()) ==
        "@alice ok: done relay1");
  CHECK(recorder.ran.size() == 1);
}

TEST_CASE("a flooding sender is limited and told once", "[chat]") {
  auto chat = room();
  Recorder recorder;
  for (int i = 0; i < ChatRoom::kBurst; ++i) {
    CHECK(chat.on_line("eve", "@kitchen toggle relay1", t0, recorder.executor()));
  }
  const auto refused = chat.on_line("eve", "@kitchen toggle relay1", t0, recorder.executor());
  REQUIRE(refused);
  CHECK(refused->starts_with("@eve error: too many commands"));
  CHECK_FALSE(chat.on_line("eve", "@kitchen toggle relay1", t0, recorder.executor()));
  CHECK(recorder.ran.size() == ChatRoom::kBurst);
  CHECK(chat.on_line("eve", "@kitchen toggle relay1", t0 + ChatRoom::kRefill, recorder.executor()));
}

TEST_CASE("a flood under many names is held to the room's bound, told and logged once", "[chat]") {
  std::vector<std::string> warnings;
  auto chat = room({}, &warnings);
  Recorder recorder;
  std::vector<std::string> replies;
  for (int i = 0; i < 3000; ++i) {
    const auto sender = "name" + std::to_string(i);
    if (auto reply = chat.on_line(sender, "@kitchen toggle relay1", t0, recorder.executor()))
      replies.push_back(*reply);
  }
  CHECK(recorder.ran.size() == ChatRoom::kRoomBurst);
  REQUIRE(replies.size() == ChatRoom::kRoomBurst + 1);
  CHECK(replies.back() ==
        "@name20 error: the room sends too many commands; at most 20 commands at once from the "
        "whole room, then 5 per second");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].starts_with("chat room asm/chatt is over its bound (at most 20 commands"));
  // Once the room has caught its breath, commands run again.
  CHECK(chat.on_line("alice", "@kitchen toggle relay1", t0 + ChatRoom::kRoomRefill,
                     recorder.executor()) == "@alice ok: done relay1");
}

TEST_CASE("the machine endpoint runs lines without addressing", "[chat]") {
  Recorder recorder;
  CHECK(gpiogw::chat::run_command_line("toggle relay1", "cmd", recorder.executor()) ==
        "ok: done relay1");
  CHECK(gpiogw::chat::run_command_line("frobnicate", "cmd", recorder.executor())
            .starts_with("error: unknown command 'frobnicate'"));
}
