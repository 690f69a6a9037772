#pragma once
// Which broker node the next connect attempt goes to, when [mqtt] uri lists the nodes of a
// cluster. Each gateway walks the nodes in an order of its own, shuffled once from a seed (the
// client id), so that a fleet spreads over the nodes instead of all starting on the first; it
// stays on a node while that works and moves to the next one in its order when an attempt fails
// or the connection is lost. With one URI it is always that one.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gpiogw {

class BrokerList {
 public:
  // `uris` must not be empty.
  BrokerList(std::vector<std::string> uris, std::uint32_t seed);

  // Where the next attempt goes.
  const std::string& current() const { return order_[index_]; }
  // The nodes in this gateway's order, from the first it tries.
  const std::vector<std::string>& order() const { return order_; }

  // A reload carries on with the node the gateway was on, if it is still listed; else as new.
  void start_at(const std::string& uri);
  // The attempt on current() succeeded: the failures in a row start again.
  void connected() { failures_in_a_row_ = 0; }
  // The attempt on current() failed or its connection was lost: the next node is current. True
  // when every node has now failed once more since the last connection, i.e. a whole round
  // failed, and the caller should back off further rather than just try the next node.
  bool failed();

 private:
  std::vector<std::string> order_;
  std::size_t index_ = 0;
  std::size_t failures_in_a_row_ = 0;
};

}  // namespace gpiogw
