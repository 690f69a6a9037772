#include "gpiogw/gateway/outbox.hpp"

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

using gpiogw::Outbox;
using gpiogw::OutgoingMessage;

namespace {

OutgoingMessage reading(int n) {
  return {.topic = "gw/sensor/t", .payload = std::to_string(n), .qos = 1, .retain = false};
}

// Sends everything, recording the payloads in the order they went out.
std::vector<std::string> send_all(Outbox& outbox) {
  std::vector<std::string> sent;
  outbox.send_all([&](const OutgoingMessage& message) {
    sent.push_back(message.payload);
    return true;
  });
  return sent;
}

}  // namespace

TEST_CASE("the outbox sends what it kept in order and is empty afterwards", "[core][outbox]") {
  Outbox outbox(10);
  for (int n = 1; n <= 4; ++n) outbox.keep(reading(n));
  outbox.keep({.topic = "gw/input/door", .payload = "ON", .qos = 0, .retain = true});
  CHECK(outbox.size() == 5);
  std::vector<OutgoingMessage> sent;
  CHECK(outbox.send_all([&](const OutgoingMessage& message) {
    sent.push_back(message);
    return true;
  }) == 5);
  REQUIRE(sent.size() == 5);
  CHECK(sent[0].payload == "1");
  CHECK(sent[3].payload == "4");
  CHECK(sent[4].topic == "gw/input/door");
  CHECK(sent[4].retain);
  CHECK(sent[4].qos == 0);
  CHECK(outbox.size() == 0);
  CHECK(send_all(outbox).empty());
}

TEST_CASE("a full outbox drops the oldest and counts the drops", "[core][outbox]") {
  Outbox outbox(3);
  for (int n = 1; n <= 7; ++n) outbox.keep(reading(n));
  CHECK(outbox.size() == 3);
  CHECK(outbox.dropped() == 4);
  CHECK(send_all(outbox) == std::vector<std::string>{"5", "6", "7"});
  CHECK(outbox.dropped() == 0);  // a new outage counts afresh

  outbox.keep(reading(8));
  CHECK(outbox.dropped() == 0);
  CHECK(send_all(outbox) == std::vector<std::string>{"8"});
}

TEST_CASE("sending stops at the first refusal and keeps the rest in order", "[core][outbox]") {
  Outbox outbox(5);
  for (int n = 1; n <= 4; ++n) outbox.keep(reading(n));
  int accepted = 0;
  CHECK(outbox.send_all([&](const OutgoingMessage&) { return ++accepted <= 2; }) == 2);
  CHECK(outbox.size() == 2);
  outbox.keep(reading(5));
  CHECK(send_all(outbox) == std::vector<std::string>{"3", "4", "5"});
}

TEST_CASE("an outbox of capacity 0 keeps nothing but counts what it dropped", "[core][outbox]") {
  Outbox outbox(0);
  outbox.keep(reading(1));
  outbox.keep(reading(2));
  CHECK(outbox.size() == 0);
  CHECK(outbox.dropped() == 2);
  CHECK(send_all(outbox).empty());
  CHECK(outbox.dropped() == 0);
}
