#include "broker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

namespace gpiogw::test {
namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

bool accepts_connections(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const auto address = loopback(port);
  const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

}  // namespace

std::uint16_t free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto address = loopback(0);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("no free loopback port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

Broker::Broker(std::uint16_t port) {
  // A port found free can be taken by someone else before mosquitto binds it: try a few.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = port != 0 ? port : free_loopback_port();
    write_file(dir_ / "mosquitto.conf",
               "listener " + std::to_string(port_) +
                   " 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n"
                   "log_dest stdout\n");
    process_ = std::make_unique<Process>(
        std::vector<std::string>{"mosquitto", "-c", (dir_ / "mosquitto.conf").string()},
        dir_ / "mosquitto.log");
    if (eventually([&] { return accepts_connections(port_) || !process_->running(); },
                   std::chrono::seconds(5)) &&
        process_->running()) {
      return;
    }
    process_.reset();
  }
  throw std::runtime_error("mosquitto did not start on 127.0.0.1");
}

Broker::~Broker() {
  stop();
}

void Broker::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait_for_exit(std::chrono::seconds(5));
  process_.reset();
}

}  // namespace gpiogw::test
