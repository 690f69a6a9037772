// The order in which a gateway tries the nodes of a broker cluster.
#include "gpiogw/gateway/broker_list.hpp"

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using gpiogw::BrokerList;

namespace {

const std::vector<std::string> kNodes{"tcp://a:1883", "tcp://b:1883", "tcp://c:1883"};

}  // namespace

TEST_CASE("one URI is always the one tried, and every failure is a whole round") {
  BrokerList list({"tcp://only:1883"}, 42);
  CHECK(list.current() == "tcp://only:1883");
  CHECK(list.failed());
  CHECK(list.current() == "tcp://only:1883");
  CHECK(list.failed());
}

TEST_CASE("the order is a shuffle of the nodes, the same for the same seed") {
  const BrokerList list(kNodes, 7);
  auto sorted = list.order();
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == kNodes);
  CHECK(BrokerList(kNodes, 7).order() == list.order());
  CHECK(list.current() == list.order().front());
}

TEST_CASE("a fleet of seeds starts spread over every node") {
  std::map<std::string, int> first_choice;
  for (std::uint32_t seed = 1; seed <= 300; ++seed)
    ++first_choice[BrokerList(kNodes, seed).current()];
  REQUIRE(first_choice.size() == kNodes.size());
  for (const auto& [node, gateways] : first_choice) {
    INFO(node);
    CHECK(gateways > 60);  // a third of 300 is 100; none far below it
  }
}

TEST_CASE("a failure moves to the next node; a round of failures says back off") {
  BrokerList list(kNodes, 3);
  const auto order = list.order();
  CHECK_FALSE(list.failed());
  CHECK(list.current() == order[1]);
  CHECK_FALSE(list.failed());
  CHECK(list.current() == order[2]);
  CHECK(list.failed());  // all three failed
  CHECK(list.current() == order[0]);
  CHECK_FALSE(list.failed());
  CHECK_FALSE(list.failed());
  CHECK(list.failed());  // the second round
}

TEST_CASE("the node that worked stays current; after a loss the round starts anew") {
  BrokerList list(kNodes, 3);
  const auto order = list.order();
  CHECK_FALSE(list.failed());
  list.connected();  // on order[1]
  CHECK(list.current() == order[1]);
  CHECK_FALSE(list.failed());  // lost it: order[2] next
  CHECK(list.current() == order[2]);
  CHECK_FALSE(list.failed());
  CHECK(list.failed());  // order[1], order[2] and order[0] failed since the connection
  CHECK(list.current() == order[1]);
}

TEST_CASE("a reload starts on the node the gateway was on, if it is still listed") {
  BrokerList before(kNodes, 3);
  before.failed();
  BrokerList after(kNodes, 3);
  after.start_at(before.current());
  CHECK(after.current() == before.current());
  CHECK(after.current() != after.order()[0]);
  after.start_at("tcp://gone:1883");  // no longer in the list: where it was
  CHECK(after.current() == before.current());
}
