#pragma once
// The gateway's own health, published as plain topics <prefix>/diagnostics/<name> (and shown in
// Home Assistant as diagnostic entities): uptime, version, reconnects, last error. Published on
// every connect and then on a slow interval.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/config/topics.hpp"

namespace gpiogw {

class Health {
 public:
  static constexpr std::chrono::seconds kInterval{60};
  using Publish = std::function<void(const std::string& name, const std::string& value)>;

  Health(EventLoop& loop, Publish publish);

  void connected();  // counts reconnects, publishes now, then every kInterval
  void disconnected();
  void error(std::string what);  // the latest problem worth reporting

  // name -> value, in a stable order.
  std::vector<std::pair<std::string_view, std::string>> values() const;

 private:
  void publish();

  Publish publish_;
  EventLoop& loop_;
  EventLoop::TimePoint started_;
  int connects_ = 0;
  std::string last_error_ = "none";
  EventLoop::Timer timer_;
};

}  // namespace gpiogw
