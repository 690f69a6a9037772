#pragma once
// Latency probe (Paho, like the floor's echo client, with TCP_NODELAY set): one trigger in flight
// at a time, timed until the answering message arrives on the reply topic.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace mqtt {
class async_client;
}

namespace gpiogw::bench {

class RoundTripProbe {
 public:
  RoundTripProbe(std::uint16_t port, const std::string& client_id, int qos);
  ~RoundTripProbe();

  // Listens for replies on `topic` (retained copies sent on subscribing do not count).
  void subscribe(const std::string& topic);
  void publish(const std::string& topic, const std::string& payload);

  // Calls `trigger` and waits for the next reply; returns the round trip in microseconds. Throws
  // std::runtime_error when the reply does not come within `timeout`.
  double round_trip(const std::function<void()>& trigger,
                    std::chrono::milliseconds timeout = std::chrono::seconds(2));

 private:
  std::unique_ptr<::mqtt::async_client> client_;
  int qos_;
  std::string reply_topic_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::uint64_t replies_ = 0;
  std::chrono::steady_clock::time_point last_reply_;
};

}  // namespace gpiogw::bench
