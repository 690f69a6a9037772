#include "gpiogw/mqtt/tcp_nodelay.hpp"

#include <catch2/catch_test_macros.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

struct Fd {
  int fd;
  ~Fd() { close(fd); }
};

// A loopback listener on a free port; returns the port.
std::uint16_t listen_on_free_port(int fd) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(fd, 4) == 0);
  socklen_t length = sizeof address;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  return ntohs(address.sin_port);
}

void connect_to(int fd, std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
}

int nodelay(int fd) {
  int value = -1;
  socklen_t length = sizeof value;
  REQUIRE(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &length) == 0);
  return value;
}

}  // namespace

TEST_CASE("TCP_NODELAY is set on the sockets connected to the broker's port only", "[mqtt]") {
  Fd broker{socket(AF_INET, SOCK_STREAM, 0)};
  Fd other_server{socket(AF_INET, SOCK_STREAM, 0)};
  const auto broker_port = listen_on_free_port(broker.fd);
  const auto other_port = listen_on_free_port(other_server.fd);
  Fd to_broker{socket(AF_INET, SOCK_STREAM, 0)};
  Fd to_other{socket(AF_INET, SOCK_STREAM, 0)};
  connect_to(to_broker.fd, broker_port);
  connect_to(to_other.fd, other_port);
  REQUIRE(nodelay(to_broker.fd) == 0);

  CHECK(gpiogw::mqtt::set_tcp_nodelay_for_peer_port(broker_port) == 1);

  CHECK(nodelay(to_broker.fd) != 0);
  CHECK(nodelay(to_other.fd) == 0);
  CHECK(nodelay(broker.fd) == 0);  // the listener has no peer
}
