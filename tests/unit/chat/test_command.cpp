#include "gpiogw/chat/command.hpp"

#include <catch2/catch_test_macros.hpp>

#include <fmt/format.h>

using namespace std::chrono_literals;
using gpiogw::chat::Command;
using gpiogw::chat::parse_command;
using gpiogw::chat::ParseError;
using gpiogw::chat::Verb;

namespace {

Command parsed(std::string_view text) {
  auto result = parse_command(text);
  INFO(text);
  REQUIRE(std::holds_alternative<Command>(result));
  return std::get<Command>(result);
}

std::string error_of(std::string_view text) {
  auto result = parse_command(text);
  INFO(text);
  REQUIRE(std::holds_alternative<ParseError>(result));
  return std::get<ParseError>(result).message;
}

}  // namespace

TEST_CASE("good command lines", "[chat]") {
  struct Case {
    std::string_view text;
    Command expected;
  };
  const Case cases[] = {
      {"help", {Verb::help, ""}},
      {"  HELP  ", {Verb::help, ""}},
      {"status", {Verb::status, ""}},
      {"List", {Verb::list, ""}},
      {"get relay1", {Verb::get, "relay1"}},
      {"get\tdoor", {Verb::get, "door"}},
      {"set relay1 on", {Verb::set, "relay1", true}},
      {"SET   relay1   OFF", {Verb::set, "relay1", false}},
      {"set pump 1", {.verb = Verb::set, .target = "pump", .on = true, .total = "1"}},
      {"set water 0", {.verb = Verb::set, .target = "water", .on = false, .total = "0"}},
      {"set fan 40%", {.verb = Verb::set, .target = "fan", .percent = 40.0}},
      {"set fan 12.5%", {.verb = Verb::set, .target = "fan", .percent = 12.5}},
      {"set fan 0%", {.verb = Verb::set, .target = "fan", .percent = 0.0}},
      {"set water 1e3", {.verb = Verb::set, .target = "water", .total = "1e3"}},
      {"toggle relay1", {Verb::toggle, "relay1"}},
      {"Toggle Relay1", {Verb::toggle, "Relay1"}},
      {"pulse relay1 2s", {Verb::pulse, "relay1", false, 2000ms}},
      {"pulse relay1 250ms", {Verb::pulse, "relay1", false, 250ms}},
      {"read randint", {Verb::read, "randint"}},
  };
  for (const auto& c : cases) CHECK(parsed(c.text) == c.expected);
}

TEST_CASE("bad command lines get a message that helps", "[chat]") {
  CHECK(error_of("").starts_with("no command; commands: help, status"));
  CHECK(error_of("   ").starts_with("no command"));
  CHECK(error_of("tgogle relay1").starts_with("unknown command 'tgogle' (did you mean 'toggle'?)"));
  CHECK(error_of("frobnicate").starts_with("unknown command 'frobnicate'; commands: help"));
  CHECK(error_of("pulse relay1") == "usage: pulse <output> <duration>");
  CHECK(error_of("pulse relay1 2s 3s") == "usage: pulse <output> <duration>");
  CHECK(error_of("get") == "usage: get <name>");
  CHECK(error_of("help me") == "usage: help");
  constexpr std::string_view set_usage =
      "usage: set <name> on|off|<percent>% | set <counter> <total>";
  CHECK(error_of("set relay1") == set_usage);
  CHECK(error_of("set relay1 toggle") ==
        fmt::format("'toggle' is not on, off, a percent or a total; {}", set_usage));
  CHECK(error_of("set relay1 maybe") ==
        fmt::format("'maybe' is not on, off, a percent or a total; {}", set_usage));
  // Only a number a counter can take is a total: not two points, a sign or infinity.
  for (const std::string_view total : {"1.2.3", ".", "-1", "inf"}) {
    CHECK(error_of(fmt::format("set water {}", total)) ==
          fmt::format("'{}' is not on, off, a percent or a total; {}", total, set_usage));
  }
  CHECK(error_of("set fan 140%") ==
        fmt::format("'140%' is not a percent between 0% and 100%; {}", set_usage));
  CHECK(error_of("set fan x%") ==
        fmt::format("'x%' is not a percent between 0% and 100%; {}", set_usage));
  CHECK(error_of("pulse relay1 2").find("usage: pulse <output> <duration>") != std::string::npos);
  CHECK(error_of("pulse relay1 0s") ==
        "a pulse must last longer than 0; usage: pulse <output> <duration>");
}
