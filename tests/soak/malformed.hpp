#pragma once
// Payloads the gateway must refuse without changing anything, sent at random to the outputs' set
// and pulse topics, the cmd topic and the chat room: garbage bytes, empty, huge, invalid UTF-8,
// control characters, near-miss words, wrong arguments, commands from members who may not
// command, reply-shaped lines and lines on the gateway's own chat topic.

#include <cstdint>
#include <random>
#include <string>

#include "soak_client.hpp"

namespace gpiogw::soak {

class Malformed {
 public:
  Malformed(SoakClient& client, std::uint64_t seed);

  // Sends one malformed message (if connected); returns how long to wait before the next.
  std::chrono::microseconds step();
  std::uint64_t sent() const { return sent_; }

 private:
  struct Message {
    std::string topic;
    std::string payload;
  };
  Message next();
  Message to_output();
  Message to_pulse();
  Message to_cmd();
  Message to_chat();
  std::string garbage();
  std::string output_name();

  SoakClient& client_;
  std::mt19937_64 random_;
  std::chrono::steady_clock::time_point careless_sent_{};
  std::uint64_t sent_ = 0;  // only the worker thread writes it
};

}  // namespace gpiogw::soak
