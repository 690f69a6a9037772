#pragma once
// What the small MQTT tools share: the broker options of their command lines (the gateway's URI
// forms, credentials and TLS files) and a connection on an event loop that subscribes, reports
// when it is ready, stops cleanly on SIGINT/SIGTERM and exits 69 when the broker is unreachable.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/mqtt/client.hpp"

namespace CLI {
class App;
}

namespace gpiogw::tools {

struct BrokerOptions {
  std::string uri = "tcp://localhost:1883";
  std::string username;
  std::filesystem::path password_file;
  std::filesystem::path ca_file;
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  bool insecure = false;  // [mqtt.tls] insecure, for gpiogw --forget
  int qos = 1;
  bool mqtt5 = false;  // [mqtt] protocol = 5, for gpiogw --forget
};

// --broker, --username, --password-file, --ca-file, --cert-file, --key-file and --qos.
void add_broker_options(CLI::App& app, BrokerOptions& options);

// The common --version flag and the exit codes in the help text.
void describe_tool(CLI::App& app, std::string_view name);

class Session final : private mqtt::Handler {
 public:
  struct Hooks {
    std::function<void()> ready;  // connected and every subscription confirmed
    std::function<void(const std::string& topic, const std::string& payload, bool retained)>
        message;
  };

  // `tool` prefixes every message on stderr, e.g. "gpiogw-chat: cannot connect ...".
  Session(std::string tool, BrokerOptions options, std::string client_id,
          std::vector<std::string> subscriptions);
  ~Session() override;

  // Connects and runs until finish(), a signal or a lost connection; returns the exit code.
  int run(Hooks hooks);
  void publish(const std::string& topic, std::string_view payload, bool retain = false);
  // Disconnects, after queued publishes are delivered (bounded), and ends run() with `code`.
  void finish(int code);
  EventLoop& loop() { return loop_; }
  // A message on stderr, prefixed with the tool's name.
  void say(std::string_view message) const;

 private:
  void on_connected() override;
  void on_connect_failed(const std::string& reason) override;
  void on_connection_lost(const std::string& reason) override;
  void on_message(const std::string& topic, const std::string& payload, bool retained) override;
  void on_subscribed(const std::string& filter) override;

  std::string tool_;
  BrokerOptions options_;
  std::string client_id_;
  std::vector<std::string> subscriptions_;
  std::size_t confirmed_ = 0;
  Hooks hooks_;
  EventLoop loop_;
  std::unique_ptr<mqtt::Client> client_;
  std::vector<EventLoop::Source> signal_sources_;
};

}  // namespace gpiogw::tools
