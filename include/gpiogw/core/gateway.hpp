#pragma once
// The gateway: owns the GPIO lines' state and ties the backend, the MQTT client and the loop
// together. Everything here runs on the loop thread.

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "gpiogw/config/config.hpp"
#include "gpiogw/core/backoff.hpp"
#include "gpiogw/core/event_loop.hpp"
#include "gpiogw/core/topics.hpp"
#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/gpio/debouncer.hpp"
#include "gpiogw/mqtt/client.hpp"

namespace gpiogw {

using ClientFactory = std::function<std::unique_ptr<mqtt::Client>(mqtt::Handler&)>;

class Gateway final : private mqtt::Handler {
 public:
  // Requests every configured line with its initial value (throws gpio::GpioError) and logs
  // where each one ended up. Nothing is published until start().
  Gateway(const config::Config& config, gpio::Backend& gpio, EventLoop& loop,
          const ClientFactory& make_client);
  ~Gateway() override;

  // Starts connecting (and retrying) and stops cleanly on SIGINT/SIGTERM; then run the loop.
  void start();
  // Publishes "offline", disconnects and ends the loop with exit code 0.
  void stop(std::string_view why);

 private:
  struct Output {
    const config::Output* config;
    std::size_t line;  // index in the backend request
    std::string state_topic;
    EventLoop::Timer max_on_timer;
  };
  struct Input {
    const config::Input* config;
    std::size_t line;
    std::string state_topic;
    gpio::Debouncer debouncer;
    EventLoop::Timer settle_timer;
  };

  void on_connected() override;
  void on_connect_failed(const std::string& reason) override;
  void on_connection_lost(const std::string& reason) override;
  void on_message(const std::string& topic, const std::string& payload, bool retained) override;

  void schedule_reconnect();
  void drive_output(Output& output, bool active, std::string_view reason);
  void publish_output(const Output& output);
  void publish_input(const Input& input, bool level);
  void read_edges();
  void settle(Input& input);

  const config::Config& config_;
  gpio::Backend& gpio_;
  EventLoop& loop_;
  Topics topics_;
  std::unique_ptr<mqtt::Client> client_;
  std::vector<Output> outputs_;
  std::vector<Input> inputs_;
  std::unordered_map<std::string, std::size_t> output_by_set_topic_;
  Backoff reconnect_backoff_;
  EventLoop::Timer reconnect_timer_;
  EventLoop::Source edge_source_;
  std::vector<EventLoop::Source> signal_sources_;
};

}  // namespace gpiogw
