#include "round_trip.hpp"

#include <mqtt/async_client.h>

#include <stdexcept>

#include "gpiogw/mqtt/tcp_nodelay.hpp"

namespace gpiogw::bench {

RoundTripProbe::RoundTripProbe(std::uint16_t port, const std::string& client_id, int qos)
    : client_(std::make_unique<::mqtt::async_client>("tcp://127.0.0.1:" + std::to_string(port),
                                                     client_id)),
      qos_(qos) {
  client_->set_message_callback([this](::mqtt::const_message_ptr message) {
    // Timestamp first, on Paho's receiving thread, before any locking.
    const auto now = std::chrono::steady_clock::now();
    if (message->is_retained()) return;
    {
      const std::lock_guard lock(mutex_);
      if (message->get_topic() != reply_topic_) return;
      ++replies_;
      last_reply_ = now;
    }
    arrived_.notify_one();
  });
  client_->connect(::mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  mqtt::set_tcp_nodelay_for_peer_port(port);
}

RoundTripProbe::~RoundTripProbe() {
  try {
    client_->disconnect()->wait_for(std::chrono::seconds(2));
  } catch (const ::mqtt::exception&) {
    // The broker may be gone already: nothing to close then.
  }
}

void RoundTripProbe::subscribe(const std::string& topic) {
  {
    const std::lock_guard lock(mutex_);
    reply_topic_ = topic;
  }
  client_->subscribe(topic, qos_)->wait();
}

void RoundTripProbe::publish(const std::string& topic, const std::string& payload) {
  client_->publish(topic, payload.data(), payload.size(), qos_, false);
}

double RoundTripProbe::round_trip(const std::function<void()>& trigger,
                                  std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const std::uint64_t before = replies_;
  lock.unlock();
  const auto start = std::chrono::steady_clock::now();
  trigger();
  lock.lock();
  if (!arrived_.wait_for(lock, timeout, [&] { return replies_ > before; })) {
    throw std::runtime_error("no reply on " + reply_topic_ + " within " +
                             std::to_string(timeout.count()) + " ms");
  }
  return std::chrono::duration<double, std::micro>(last_reply_ - start).count();
}

}  // namespace gpiogw::bench
