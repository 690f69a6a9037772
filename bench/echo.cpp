#include "echo.hpp"

#include <mqtt/async_client.h>

#include <csignal>
#include <cstdio>
#include <thread>

#include "gpiogw/mqtt/tcp_nodelay.hpp"
#include "raw_mqtt.hpp"

namespace gpiogw::bench {
namespace {

// Blocks SIGTERM in every thread started after this, so that wait_for_sigterm() gets it.
void block_sigterm() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void wait_for_sigterm() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
}

}  // namespace

int run_paho_echo(const EchoOptions& options) {
  block_sigterm();
  const std::string uri = "tcp://127.0.0.1:" + std::to_string(options.port);
  ::mqtt::async_client client(uri, "bench-echo-" + options.from);
  client.set_message_callback([&](::mqtt::const_message_ptr message) {
    client.publish(options.to, message->get_payload().data(), message->get_payload().size(),
                   options.qos, false);
  });
  try {
    client.connect(::mqtt::connect_options_builder().clean_session(true).finalize())->wait();
    mqtt::set_tcp_nodelay_for_peer_port(options.port);
    client.subscribe(options.from, options.qos)->wait();
  } catch (const ::mqtt::exception& error) {
    std::fprintf(stderr, "echo: %s\n", error.what());
    return 1;
  }
  std::puts("echo ready");
  std::fflush(stdout);
  wait_for_sigterm();
  client.disconnect()->wait_for(std::chrono::seconds(1));
  return 0;
}

int run_raw_echo(const EchoOptions& options) {
  block_sigterm();
  RawMqttClient client(options.port, "bench-echo-raw-" + options.from);
  std::string out;
  std::uint16_t packet_id = 0;
  const auto echo = [&](const Incoming& message) {
    if (message.retained || message.topic != options.from) return;
    if (++packet_id == 0) packet_id = 1;
    RawMqttClient::append_publish(out, options.to, message.payload, options.qos, packet_id);
  };
  client.subscribe(options.from, options.qos, echo);
  out.clear();
  std::puts("echo ready");
  std::fflush(stdout);
  std::thread stopper([&] {
    wait_for_sigterm();
    client.close_read();
  });
  // One write per batch of received packets: the echo must cost less than the broker.
  while (client.receive(echo)) {
    if (!out.empty()) client.send(out);
    out.clear();
  }
  pthread_kill(stopper.native_handle(), SIGTERM);  // ends its wait if the broker went away
  stopper.join();
  return 0;
}

}  // namespace gpiogw::bench
