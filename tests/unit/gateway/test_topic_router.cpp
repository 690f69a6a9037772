#include "gpiogw/gateway/topic_router.hpp"

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

using gpiogw::TopicRouter;
using gpiogw::mqtt::RetainFlag;

namespace {

// A router like the gateway's: two command topics, a chat-like filter, and a state route.
struct Routed {
  std::vector<std::string> calls;
  TopicRouter router;

  Routed() {
    router.add_command("gw/output/a/set", [this](const std::string& topic, const std::string& p) {
      calls.push_back("set " + topic + " " + p);
    });
    router.add_command("gw/cmd", [this](const std::string&, const std::string& payload) {
      calls.push_back("cmd " + payload);
    });
    router.add_commands(
        "room/+",
        [](std::string_view topic) { return topic.starts_with("room/") && topic != "room/me"; },
        [this](const std::string& topic, const std::string& payload) {
          calls.push_back("chat " + topic + " " + payload);
        });
    router.add_state(
        "ha/status", [](std::string_view topic) { return topic == "ha/status"; },
        [this](const std::string&, const std::string& payload, bool retained) {
          calls.push_back("birth " + payload + (retained ? " retained" : " live"));
        });
  }
};

}  // namespace

TEST_CASE("the router subscribes every route in order, commands retain-as-published",
          "[core][topic_router]") {
  Routed routed;
  const auto& subscriptions = routed.router.subscriptions();
  REQUIRE(subscriptions.size() == 4);
  CHECK(subscriptions[0].filter == "gw/output/a/set");
  CHECK(subscriptions[1].filter == "gw/cmd");
  CHECK(subscriptions[2].filter == "room/+");
  CHECK(subscriptions[3].filter == "ha/status");
  for (int i = 0; i < 3; ++i) CHECK(subscriptions[i].retain_flag == RetainFlag::as_published);
  CHECK(subscriptions[3].retain_flag == RetainFlag::replayed_only);
}

TEST_CASE("the router hands each live message to its route", "[core][topic_router]") {
  Routed routed;
  routed.router.route("gw/output/a/set", "ON", false);
  routed.router.route("gw/cmd", "status", false);
  routed.router.route("room/alice", "hi", false);
  routed.router.route("room/me", "my own line", false);  // the filter's matcher refuses it
  routed.router.route("gw/output/b/set", "ON", false);   // no route
  CHECK(routed.calls ==
        std::vector<std::string>{"set gw/output/a/set ON", "cmd status", "chat room/alice hi"});
}

TEST_CASE("a retained command is never carried out; a retained state still arrives",
          "[core][topic_router]") {
  Routed routed;
  routed.router.route("gw/output/a/set", "ON", true);
  routed.router.route("gw/cmd", "on a", true);
  routed.router.route("room/alice", "old talk", true);
  CHECK(routed.calls.empty());
  routed.router.route("ha/status", "online", true);
  routed.router.route("ha/status", "online", false);
  CHECK(routed.calls == std::vector<std::string>{"birth online retained", "birth online live"});
}
