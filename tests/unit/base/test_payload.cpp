#include "gpiogw/base/payload.hpp"

#include <catch2/catch_test_macros.hpp>

#include <fmt/format.h>

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

TEST_CASE("sensor values keep at most their digits and no trailing zeros", "[payload]") {
  using gpiogw::sensor_payload;
  CHECK(sensor_payload(7, 2) == "7");
  CHECK(sensor_payload(48.312, 1) == "48.3");
  CHECK(sensor_payload(48.35, 1) == "48.4");
  CHECK(sensor_payload(23.125, 2) == "23.13");
  CHECK(sensor_payload(-0.25, 2) == "-0.25");
  CHECK(sensor_payload(-0.001, 2) == "0");
  CHECK(sensor_payload(1234.5, 0) == "1235");
  CHECK(sensor_payload(100, 3) == "100");
  CHECK(gpiogw::round_to_digits(23.456, 1) == 23.5);
  // Too large to scale by 10^digits: kept as is (it has no decimals), never turned into inf.
  CHECK(gpiogw::round_to_digits(1e305, 6) == 1e305);
  CHECK(sensor_payload(-1e305, 6) == fmt::format("{:.0f}", -1e305));  // not "-inf"
}

TEST_CASE("received text is shown with control bytes escaped", "[payload]") {
  CHECK(gpiogw::printable_line("hello, world") == "hello, world");
  CHECK(gpiogw::printable_line("gr\xc3\xbc\xc3\x9f") == "gr\xc3\xbc\xc3\x9f");  // UTF-8 stays
  CHECK(gpiogw::printable_line("a\x1b[2Jb\n") == "a\\x1b[2Jb\\x0a");
}

TEST_CASE("numbers, counts and percents are the whole text, nothing more", "[payload]") {
  CHECK(gpiogw::parse_number(" 12.5 ") == 12.5);
  CHECK(gpiogw::parse_number("1e3") == 1000.0);
  CHECK(gpiogw::parse_number("-2") == -2.0);
  for (const std::string_view bad : {"", " ", "1.2.3", "12 m", "+1", "0x10", "nan", "inf"}) {
    CHECK_FALSE(gpiogw::parse_number(bad));
  }
  CHECK(gpiogw::parse_count("1234") == 1234U);
  CHECK_FALSE(gpiogw::parse_count("-1"));
  CHECK_FALSE(gpiogw::parse_count("1.5"));
  CHECK(gpiogw::parse_percent(" 40 % ") == 40.0);
  CHECK(gpiogw::parse_percent("100") == 100.0);
  for (const std::string_view bad : {"100.1", "-1", "nan", "", "%"}) {
    CHECK_FALSE(gpiogw::parse_percent(bad));
  }
}
