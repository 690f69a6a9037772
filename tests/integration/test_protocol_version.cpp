// A broker that does not speak the MQTT version the gateway asks for, emulated by a few raw bytes:
// the log must say so and what to set, not "Failure (code -1)".
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "broker.hpp"
#include "gateway_process.hpp"

using namespace std::chrono_literals;
using gpiogw::test::GatewayProcess;

namespace {

// What the emulated broker answers to an MQTT 5 CONNECT; an MQTT 3.1.1 one is always accepted
// (CONNACK 0), as by RabbitMQ's plugin and aedes.
enum class Answer5 { reason_132, return_code_1, close };

// Listens on a free loopback port; answers each CONNECT by its protocol level, then hangs up.
class OldBroker {
 public:
  explicit OldBroker(Answer5 answer) : answer_(answer) {
    listener_ = gpiogw::test::listening_loopback_socket(port_);
    thread_ = std::thread([this] { serve(); });
  }
  ~OldBroker() {
    stop_ = true;
    thread_.join();
    close(listener_);
  }
  OldBroker(const OldBroker&) = delete;
  OldBroker& operator=(const OldBroker&) = delete;

  std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve() {
    while (!stop_) {
      pollfd ready{listener_, POLLIN, 0};
      if (poll(&ready, 1, 50) != 1) continue;
      const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      answer(client);
      close(client);
    }
  }

  void answer(int client) const {
    std::array<unsigned char, 512> connect{};
    pollfd readable{client, POLLIN, 0};
    if (poll(&readable, 1, 2000) != 1) return;
    const ssize_t got = recv(client, connect.data(), connect.size(), 0);
    constexpr std::size_t kLevelAt = 8;  // fixed header (2), protocol name (6), then the level
    if (got <= static_cast<ssize_t>(kLevelAt) || connect[0] != 0x10) return;
    std::vector<unsigned char> connack{0x20, 0x02, 0x00, 0x00};  // accepted, MQTT 3.1.1
    if (connect[kLevelAt] == 5) {
      if (answer_ == Answer5::close) return;
      connack = answer_ == Answer5::reason_132
                    ? std::vector<unsigned char>{0x20, 0x03, 0x00, 0x84, 0x00}
                    : std::vector<unsigned char>{0x20, 0x02, 0x00, 0x01};
    }
    send(client, connack.data(), connack.size(), MSG_NOSIGNAL);
  }

  Answer5 answer_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_ = false;
  std::thread thread_;
};

}  // namespace

TEST_CASE("a broker that does not speak MQTT 5 is named, with the setting to change",
          "[connectivity]") {
  const Answer5 answer = GENERATE(Answer5::reason_132, Answer5::return_code_1, Answer5::close);
  INFO("answer " << static_cast<int>(answer));
  OldBroker broker(answer);
  auto gateway = GatewayProcess::standard(broker.uri(), "protocol = 5\n");
  CHECK(gateway->process().wait_for_output(
      "cannot connect to " + broker.uri() +
          ": the broker refused MQTT 5: unsupported protocol version; set [mqtt] protocol = 3",
      10s));
  CHECK(gateway->log().find("code -1") == std::string::npos);
  CHECK(gateway->process().running());
}
