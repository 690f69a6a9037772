#pragma once
// A real mosquitto on free 127.0.0.1 ports, private to one test, stopped at scope exit. Besides
// its plain listener it can offer TLS, mutual TLS, a TLS listener whose certificate names another
// host, a password-protected listener and WebSockets (plain and TLS), refused subscriptions on
// every listener, and persistence across a restart on the same ports.
//
// mosquitto 2.0.11 binds WebSocket listeners to every interface whatever the config says; tests
// connect to 127.0.0.1 only and stop the broker promptly.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "process.hpp"
#include "temp_dir.hpp"

namespace gpiogw::test {

std::uint16_t free_loopback_port();
// A socket listening on a free 127.0.0.1 port, for tests that play a broker with raw bytes (or
// with silence); `port` is set to its port. The caller closes it.
int listening_loopback_socket(std::uint16_t& port);

enum class Listener { tcp, tls, mutual_tls, tls_wrong_host, password, ws, wss };

struct BrokerOptions {
  std::vector<Listener> extra_listeners;  // the plain tcp listener is always there
  // Topic filters the broker refuses to subscribe to (SUBACK "not authorised"), through its
  // dynamic security plugin: mosquitto 2.0's acl_file never refuses a subscription.
  std::vector<std::string> refused_subscriptions;
  bool persistence = false;  // sessions and retained messages survive a restart
};

class Broker {
 public:
  static constexpr const char* kUser = "gwuser";  // for Listener::password
  static constexpr const char* kPassword = "s3cret";

  // A plain listener on `port` (a free one when 0); waits until it accepts connections.
  explicit Broker(std::uint16_t port = 0);
  explicit Broker(BrokerOptions options);
  ~Broker();

  std::uint16_t port(Listener listener = Listener::tcp) const { return ports_.at(listener); }
  // e.g. "ssl://127.0.0.1:41234" for Listener::tls, "ws://127.0.0.1:41235/mqtt" for ws.
  std::string uri(Listener listener = Listener::tcp) const;
  std::string log() const;
  pid_t pid() const { return process_->pid(); }

  void stop();   // SIGTERM; a persistent broker saves its state
  void start();  // again, on the same ports with the same state

 private:
  bool launch();
  std::string config() const;

  TempDir dir_{"gpiogw-broker"};
  BrokerOptions options_;
  std::map<Listener, std::uint16_t> ports_;
  bool pinned_ = false;  // the ports are chosen: a given port, or after the first start
  std::unique_ptr<Process> process_;
};

}  // namespace gpiogw::test
