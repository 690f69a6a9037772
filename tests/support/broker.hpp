#pragma once
// A real mosquitto on a free 127.0.0.1 port, private to one test, stopped at scope exit.

#include <cstdint>
#include <memory>
#include <string>

#include "process.hpp"
#include "temp_dir.hpp"

namespace gpiogw::test {

std::uint16_t free_loopback_port();

class Broker {
 public:
  // Listens on `port` (a free one when 0); waits until it accepts connections.
  explicit Broker(std::uint16_t port = 0);
  ~Broker();

  std::uint16_t port() const { return port_; }
  std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  void stop();

 private:
  TempDir dir_{"gpiogw-broker"};
  std::uint16_t port_ = 0;
  std::unique_ptr<Process> process_;
};

}  // namespace gpiogw::test
