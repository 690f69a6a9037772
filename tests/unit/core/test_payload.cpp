#include "gpiogw/core/payload.hpp"

#include <catch2/catch_test_macros.hpp>

using gpiogw::parse_switch_command;
using gpiogw::SwitchCommand;

TEST_CASE("switch commands are accepted in any case", "[payload]") {
  for (const char* on : {"ON", "on", "On", "1", "true", "TRUE", " on\n"}) {
    INFO(on);
    CHECK(parse_switch_command(on) == SwitchCommand::on);
  }
  for (const char* off : {"OFF", "off", "0", "false", "False", "\toff\r\n"}) {
    INFO(off);
    CHECK(parse_switch_command(off) == SwitchCommand::off);
  }
  CHECK(parse_switch_command("toggle") == SwitchCommand::toggle);
  CHECK(parse_switch_command("TOGGLE") == SwitchCommand::toggle);
}

TEST_CASE("anything else is not a switch command", "[payload]") {
  for (const char* bad : {"", " ", "onn", "of", "2", "yes", "ON OFF", "o\0n", "truee", "-1"}) {
    INFO(bad);
    CHECK_FALSE(parse_switch_command(bad).has_value());
  }
  CHECK_FALSE(parse_switch_command(std::string_view("on\0", 3)).has_value());
}

TEST_CASE("state payloads are ON and OFF", "[payload]") {
  CHECK(gpiogw::state_payload(true) == "ON");
  CHECK(gpiogw::state_payload(false) == "OFF");
}

TEST_CASE("payloads are shown printable, quoted and truncated", "[payload]") {
  CHECK(gpiogw::printable_excerpt("maybe") == "\"maybe\"");
  CHECK(gpiogw::printable_excerpt(std::string_view("a\0b\n\"", 5)) == "\"a\\x00b\\x0a\\\"\"");
  CHECK(gpiogw::printable_excerpt(std::string(100, 'x'), 4) == "\"xxxx\"... (100 bytes)");
}
