#include "gpiogw/config/duration.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <algorithm>
#include <string>

using namespace std::chrono_literals;
using gpiogw::config::format_duration;
using gpiogw::config::parse_duration;

namespace {

std::chrono::milliseconds parsed(std::string_view text) {
  auto result = parse_duration(text);
  INFO(text);
  REQUIRE(std::holds_alternative<std::chrono::milliseconds>(result));
  return std::get<std::chrono::milliseconds>(result);
}

std::string problem(std::string_view text) {
  auto result = parse_duration(text);
  INFO(text);
  REQUIRE(std::holds_alternative<std::string>(result));
  return std::get<std::string>(result);
}

}  // namespace

TEST_CASE("durations with one unit", "[config][duration]") {
  CHECK(parsed("250ms") == 250ms);
  CHECK(parsed("1s") == 1s);
  CHECK(parsed("10m") == 10min);
  CHECK(parsed("1h") == 1h);
  CHECK(parsed("0ms") == 0ms);
  CHECK(parsed("0s") == 0ms);
}

TEST_CASE("durations with decimals and several units", "[config][duration]") {
  CHECK(parsed("1.5s") == 1500ms);
  CHECK(parsed("0.25s") == 250ms);
  CHECK(parsed("1.5h") == 90min);
  CHECK(parsed("0.0001h") == 360ms);  // exact in milliseconds, so allowed
  CHECK(parsed("1m30s") == 90s);
  CHECK(parsed("1h1ms") == 1h + 1ms);
  CHECK(parsed("2h30m15s500ms") == 2h + 30min + 15s + 500ms);
  CHECK(parsed("1m0.5s") == 60500ms);
  CHECK(parsed("1000000h") == std::chrono::hours(1000000));
  CHECK(parsed("999999h59m59s999ms") == std::chrono::hours(1000000) - 1ms);
  CHECK(parsed("00000000000000000001s") == 1s);                  // leading zeros are not "too long"
  CHECK(parsed("59999999m") == std::chrono::minutes(59999999));  // more digits than "999999h"
}

TEST_CASE("bad durations say what is wrong", "[config][duration]") {
  CHECK(problem("") == R"(empty duration; write e.g. "20ms", "1s" or "10m")");
  CHECK(problem("20") == "\"20\" lacks a unit (ms, s, m or h)");
  CHECK(problem("1m30") == "\"1m30\" lacks a unit (ms, s, m or h)");
  CHECK(problem("20sec") == "\"20sec\" has an unknown unit \"sec\"; use ms, s, m or h");
  CHECK(problem("20 ms") == "\"20 ms\" has an unknown unit \" ms\"; use ms, s, m or h");
  CHECK(problem("20MS") == "\"20MS\" has an unknown unit \"MS\"; use ms, s, m or h");
  CHECK(problem("1.5ms") == "\"1.5ms\" is finer than a millisecond");
  CHECK(problem("0.0001s") == "\"0.0001s\" is finer than a millisecond");
  CHECK(problem("-5ms") == "\"-5ms\" is negative");
  CHECK(problem("1s1m") == "\"1s1m\": units must go from largest to smallest, each at most once");
  CHECK(problem("1s2s") == "\"1s2s\": units must go from largest to smallest, each at most once");
  CHECK(problem("1000001h") == "\"1000001h\" is too long; at most 1000000h");
  CHECK(problem("999999h61m") == "\"999999h61m\" is too long; at most 1000000h");
  CHECK(problem("99999999999999999999999ms") ==
        "\"99999999999999999999999ms\" is too long; at most 1000000h");
  CHECK(problem("1.0000000001s") == "\"1.0000000001s\" has too many decimals");
  const std::string not_a_duration =
      R"(is not a duration; write a number and a unit (ms, s, m, h), e.g. "20ms")";
  CHECK(problem("fast") == "\"fast\" " + not_a_duration);
  CHECK(problem(".5s") == "\".5s\" " + not_a_duration);
  CHECK(problem("1.s") == "\"1.s\" " + not_a_duration);
  CHECK(problem("1s.5s") == "\"1s.5s\" " + not_a_duration);
}

TEST_CASE("a bad duration is shown bounded and printable, however long or odd",
          "[config][duration]") {
  // From a pulse payload or a chat line: anyone's bytes, so the message must not forge a log
  // line (newline), drive a terminal (ESC) or grow with the input.
  const std::string forged =
      std::string("5x\n2026-12-04 12:00:00.000 info    forged\x1b[2J\0", 45) +
      std::string(1 << 20, 'A');
  const std::string message = problem(forged);
  CHECK(message.size() < 300);
  CHECK(message.find("... (" + std::to_string(forged.size()) + " bytes)") != std::string::npos);
  CHECK(std::ranges::none_of(message, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte >= 0x7f;
  }));
  CHECK(message.starts_with(R"("5x\x0a2026-12-04)"));
  // The unknown unit is bounded too: here it is the whole megabyte after the digits.
  const std::string long_unit = problem("5" + std::string(1 << 20, 'q'));
  CHECK(long_unit.size() < 300);
  CHECK(problem("5s\x1b") == R"("5s\x1b" has an unknown unit "s\x1b"; use ms, s, m or h)");
}

TEST_CASE("format_duration gives the shortest exact spelling", "[config][duration]") {
  CHECK(format_duration(0ms) == "0s");
  CHECK(format_duration(20ms) == "20ms");
  CHECK(format_duration(250ms) == "250ms");  // not "0.25s": nothing starts with "0."
  CHECK(format_duration(1000ms) == "1s");
  CHECK(format_duration(1500ms) == "1.5s");
  CHECK(format_duration(1050ms) == "1.05s");
  CHECK(format_duration(1001ms) == "1s1ms");  // shorter than "1001ms" and "1.001s"
  CHECK(format_duration(90s) == "90s");       // shorter than "1m30s" and "1.5m"
  CHECK(format_duration(10min) == "10m");
  CHECK(format_duration(90min) == "90m");
  CHECK(format_duration(1h) == "1h");
  CHECK(format_duration(1h + 1s) == "1h1s");  // shorter than "3601s"
  CHECK(format_duration(1h + 1ms) == "1h1ms");
  CHECK(format_duration(-1500ms) == "-1.5s");
}

TEST_CASE("format_duration output parses back to the same duration", "[config][duration]") {
  const auto duration = std::chrono::milliseconds(
      GENERATE(as<std::int64_t>{}, 1, 7, 999, 1001, 59999, 60001, 3599999, 3600001, 86400000,
               123456789, 359999999999, 3599999999999, 3600000000000));  // up to kMaxDuration
  CHECK(parsed(format_duration(duration)) == duration);
}
