#include "gpiogw/chat/line.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace gpiogw::chat;

TEST_CASE("lines addressed to the gateway or to all are commands", "[chat]") {
  CHECK(addressed_body("@kitchen toggle relay1", "kitchen") == "toggle relay1");
  CHECK(addressed_body("  @Kitchen   status ", "kitchen") == "status");
  CHECK(addressed_body("@kitchen: help", "kitchen") == "help");
  CHECK(addressed_body("@kitchen, help", "kitchen") == "help");
  CHECK(addressed_body("@all list", "kitchen") == "list");
  CHECK(addressed_body("@kitchen", "kitchen") == "");
  CHECK_FALSE(addressed_body("hello everyone", "kitchen"));
  CHECK_FALSE(addressed_body("@garage toggle relay1", "kitchen"));
  CHECK_FALSE(addressed_body("@kitchenette help", "kitchen"));
  CHECK_FALSE(addressed_body("kitchen help", "kitchen"));
  CHECK_FALSE(addressed_body("", "kitchen"));
}

TEST_CASE("gateway replies are recognized and never taken as commands", "[chat]") {
  CHECK(is_reply("ok: relay1 ON"));
  CHECK(is_reply("error: unknown output 'x'"));
  CHECK(is_reply("not allowed"));
  CHECK(is_reply("Not Allowed"));
  CHECK_FALSE(is_reply("toggle relay1"));
  CHECK_FALSE(is_reply("help"));
  CHECK_FALSE(is_reply("not a command"));
}

TEST_CASE("UTF-8 validation", "[chat]") {
  CHECK(is_valid_utf8("plain"));
  CHECK(
      is_valid_utf8("Gr\xc3\xbc\xc3\x9f"
                    "e \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // a UTF-16 surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\x80"));              // a lone continuation byte
}

TEST_CASE("command lines are checked for length, encoding and control characters", "[chat]") {
  CHECK_FALSE(check_line("toggle relay1"));
  CHECK_FALSE(check_line(std::string(kMaxLineBytes, 'x')));
  CHECK(check_line(std::string(kMaxLineBytes + 1, 'x')) ==
        "line too long (257 bytes, at most 256)");
  CHECK(check_line("toggle \xff") == "not valid UTF-8");
  CHECK(check_line(std::string_view("toggle\0x", 8)) == "control characters are not allowed");
}

TEST_CASE("replies are one line of bounded length", "[chat]") {
  CHECK(one_line("a\nb\tc") == "a b c");
  const auto cut = one_line(std::string(1000, 'x'));
  CHECK(cut.size() == kMaxReplyBytes);
  CHECK(cut.ends_with("..."));
  // Never cut inside a character.
  std::string euros;
  while (euros.size() < 1000) euros += "\xe2\x82\xac";
  CHECK(is_valid_utf8(one_line(euros)));
}
