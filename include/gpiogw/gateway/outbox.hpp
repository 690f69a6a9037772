#pragma once
// Messages made while the broker is away: input edges, output changes and sensor readings are
// kept here, in order, and sent once the connection is back, so that a consumer that counts
// events or draws a graph sees what happened during the outage.
//
// The box is bounded. When it is full the oldest message is dropped to make room: the newest
// tell the current story, and every state is published again on connect anyway, so a dropped
// state change never leaves a stale retained state behind, only a gap in the history. Drops are
// counted and logged once per outage (the first one), and their number is logged when the box is
// sent.

#include <cstddef>
#include <deque>
#include <functional>
#include <string>

namespace gpiogw {

struct OutgoingMessage {
  std::string topic;
  std::string payload;
  int qos = 1;
  bool retain = false;
};

class Outbox {
 public:
  // Keeps at most `capacity` messages; 0 keeps none.
  explicit Outbox(std::size_t capacity) : capacity_(capacity) {}

  // Keeps `message` for later, dropping the oldest one if the box is full.
  void keep(OutgoingMessage message);

  // Hands the kept messages to `send`, oldest first, removing each one that `send` accepts. Stops
  // at the first one it refuses (the connection is gone again); that one and the rest stay.
  // Returns how many were sent.
  std::size_t send_all(const std::function<bool(const OutgoingMessage&)>& send);

  std::size_t size() const { return messages_.size(); }
  std::size_t capacity() const { return capacity_; }
  // Dropped since the box was last emptied.
  std::size_t dropped() const { return dropped_; }

 private:
  std::size_t capacity_;
  std::deque<OutgoingMessage> messages_;
  std::size_t dropped_ = 0;
};

}  // namespace gpiogw
