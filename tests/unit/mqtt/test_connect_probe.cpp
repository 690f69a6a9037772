#include "gpiogw/mqtt/connect_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <array>
#include <thread>

using namespace std::chrono_literals;
using Catch::Matchers::ContainsSubstring;
using gpiogw::mqtt::diagnose_connection;
using gpiogw::mqtt::Endpoint;
using gpiogw::mqtt::endpoint_of;

namespace {

// A loopback socket bound to a free port; listening or not, as the test needs.
struct Socket {
  Socket() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
  }
  ~Socket() { close(fd); }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  std::uint16_t port = 0;
};

}  // namespace

TEST_CASE("endpoint_of finds host, port and TLS in every URI form", "[mqtt][probe]") {
  const auto check = [](const std::string& uri, const std::string& host, std::uint16_t port,
                        bool tls) {
    INFO(uri);
    const Endpoint endpoint = endpoint_of(uri);
    CHECK(endpoint.host == host);
    CHECK(endpoint.port == port);
    CHECK(endpoint.tls == tls);
  };
  check("tcp://broker:1884", "broker", 1884, false);
  check("mqtt://broker", "broker", 1883, false);
  check("ssl://broker", "broker", 8883, true);
  check("mqtts://10.0.0.1:9999", "10.0.0.1", 9999, true);
  check("ws://broker/mqtt", "broker", 80, false);
  CHECK(endpoint_of("ws://broker/mqtt").websocket);
  CHECK_FALSE(endpoint_of("tcp://broker").websocket);
  check("wss://broker:8884/mqtt", "broker", 8884, true);
  check("wss://broker", "broker", 443, true);
  check("tcp://[::1]:1885", "::1", 1885, false);
  check("ssl://[fe80::1]", "fe80::1", 8883, true);
}

TEST_CASE("a port where nothing listens is diagnosed as refused", "[mqtt][probe]") {
  const Socket closed;  // bound, never listening: connecting is refused
  const auto reason = diagnose_connection({"127.0.0.1", closed.port, false}, {}, 2s);
  REQUIRE(reason);
  CHECK_THAT(*reason,
             ContainsSubstring("connection refused by 127.0.0.1:" + std::to_string(closed.port)) &&
                 ContainsSubstring("is the broker running"));
}

TEST_CASE("a port that answers an MQTT CONNECT has nothing to diagnose", "[mqtt][probe]") {
  const Socket listening;
  REQUIRE(listen(listening.fd, 4) == 0);
  // A broker in brief: takes the CONNECT, answers with a CONNACK.
  std::thread broker([&] {
    const int client = accept(listening.fd, nullptr, nullptr);
    std::array<char, 64> request{};
    CHECK(recv(client, request.data(), request.size(), 0) > 0);
    CHECK(request[0] == 0x10);  // CONNECT
    const std::array<char, 4> connack{0x20, 2, 0, 0};
    send(client, connack.data(), connack.size(), MSG_NOSIGNAL);
    recv(client, request.data(), request.size(), 0);  // until the probe leaves
    close(client);
  });
  CHECK_FALSE(diagnose_connection({"127.0.0.1", listening.port, false}, {}, 2s));
  broker.join();
}

TEST_CASE("a port that accepts TCP but never answers the MQTT CONNECT is named", "[mqtt][probe]") {
  const Socket listening;  // the kernel accepts; nobody ever reads or writes
  REQUIRE(listen(listening.fd, 4) == 0);
  const auto reason = diagnose_connection({"127.0.0.1", listening.port, false}, {}, 300ms);
  REQUIRE(reason);
  CHECK(*reason == "127.0.0.1:" + std::to_string(listening.port) +
                       " accepted the TCP connection but did not answer the MQTT CONNECT within "
                       "300 ms (is this the broker's MQTT port, and is the broker alive?)");
}

TEST_CASE("a port that closes the connection instead of answering is named", "[mqtt][probe]") {
  const Socket listening;
  REQUIRE(listen(listening.fd, 4) == 0);
  std::thread closer([&] { close(accept(listening.fd, nullptr, nullptr)); });
  const auto reason = diagnose_connection({"127.0.0.1", listening.port, false}, {}, 2s);
  closer.join();
  REQUIRE(reason);
  CHECK_THAT(*reason, ContainsSubstring("accepted the TCP connection, then closed it"));
}

TEST_CASE("a TLS handshake with a server that does not answer times out", "[mqtt][probe]") {
  // Accepts (the kernel does) but never speaks TLS: the probe must give up, not hang.
  const Socket listening;
  REQUIRE(listen(listening.fd, 4) == 0);
  const auto start = std::chrono::steady_clock::now();
  const auto reason = diagnose_connection({"127.0.0.1", listening.port, true}, {}, 300ms);
  CHECK(std::chrono::steady_clock::now() - start < 10s);  // a hang would be much longer
  REQUIRE(reason);
  CHECK_THAT(*reason, ContainsSubstring("TLS"));
}
