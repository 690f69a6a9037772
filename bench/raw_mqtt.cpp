#include "raw_mqtt.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace gpiogw::bench {
namespace {

constexpr std::uint8_t kConnack = 0x20;
constexpr std::uint8_t kPublish = 0x30;
constexpr std::uint8_t kPuback = 0x40;
constexpr std::uint8_t kSuback = 0x90;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("raw mqtt: " + what + ": " + std::strerror(errno));
}

void append_length(std::string& out, std::size_t length) {
  do {
    auto byte = static_cast<char>(length % 128);
    length /= 128;
    if (length > 0) byte = static_cast<char>(byte | 0x80);
    out += byte;
  } while (length > 0);
}

void append_u16(std::string& out, std::size_t value) {
  out += static_cast<char>((value >> 8) & 0xff);
  out += static_cast<char>(value & 0xff);
}

void append_string(std::string& out, std::string_view text) {
  append_u16(out, text.size());
  out += text;
}

std::uint16_t read_u16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(bytes[at]) << 8) |
                                    static_cast<std::uint8_t>(bytes[at + 1]));
}

}  // namespace

RawMqttClient::RawMqttClient(std::uint16_t port, const std::string& client_id) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) fail("socket");
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fail("connect to port " + std::to_string(port));
  }
  std::string body;
  append_string(body, "MQTT");
  body += '\x04';       // protocol level 3.1.1
  body += '\x02';       // clean session
  append_u16(body, 0);  // no keepalive: the load must be the only traffic
  append_string(body, client_id);
  std::string packet(1, static_cast<char>(0x10));
  append_length(packet, body.size());
  send(packet + body);

  while (!connack_seen_) {
    if (!receive([](const Incoming&) {}))
      throw std::runtime_error("raw mqtt: closed before CONNACK");
  }
}

RawMqttClient::~RawMqttClient() {
  if (fd_ >= 0) ::close(fd_);
}

void RawMqttClient::subscribe(const std::string& filter, int qos,
                              const std::function<void(const Incoming&)>& on_publish) {
  std::string body;
  append_u16(body, 1);
  append_string(body, filter);
  body += static_cast<char>(qos);
  std::string packet(1, static_cast<char>(0x82));
  append_length(packet, body.size());
  suback_seen_ = false;
  send(packet + body);
  const auto ignore = [](const Incoming&) {};
  while (!suback_seen_) {
    if (!receive(on_publish ? on_publish : ignore)) {
      throw std::runtime_error("raw mqtt: closed before SUBACK");
    }
  }
}

void RawMqttClient::append_publish(std::string& out, std::string_view topic,
                                   std::string_view payload, int qos, std::uint16_t packet_id) {
  out += static_cast<char>(kPublish | (qos << 1));
  append_length(out, 2 + topic.size() + (qos > 0 ? 2 : 0) + payload.size());
  append_string(out, topic);
  if (qos > 0) append_u16(out, packet_id);
  out += payload;
}

void RawMqttClient::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("send");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool RawMqttClient::receive(const std::function<void(const Incoming&)>& on_publish,
                            const std::function<void()>& on_puback) {
  char chunk[65536];
  ssize_t n = 0;
  do {
    n = ::recv(fd_, chunk, sizeof chunk, 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  in_.append(chunk, static_cast<std::size_t>(n));

  std::size_t at = 0;
  for (;;) {
    // Fixed header: type byte, then the remaining length in 1-4 bytes.
    std::size_t length = 0;
    std::size_t header = 1;
    bool complete_length = false;
    for (int shift = 0; at + header < in_.size() && shift <= 21; shift += 7) {
      const auto byte = static_cast<std::uint8_t>(in_[at + header++]);
      length |= static_cast<std::size_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        complete_length = true;
        break;
      }
    }
    if (!complete_length || at + header + length > in_.size()) break;
    const auto type = static_cast<std::uint8_t>(in_[at]);
    const std::string_view body(in_.data() + at + header, length);
    if ((type & 0xf0) == kPublish) {
      const int qos = (type >> 1) & 3;
      const std::uint16_t topic_length = read_u16(body, 0);
      std::size_t payload_at = 2 + topic_length;
      if (qos > 0) {
        ack_ += static_cast<char>(kPuback);
        ack_ += '\x02';
        ack_.append(body.substr(payload_at, 2));
        payload_at += 2;
      }
      on_publish({.topic = body.substr(2, topic_length),
                  .payload = body.substr(payload_at),
                  .qos = qos,
                  .retained = (type & 1) != 0});
    } else if (type == kPuback) {
      if (on_puback) on_puback();
    } else if (type == kSuback) {
      suback_seen_ = true;
    } else if (type == kConnack) {
      if (length < 2 || body[1] != 0) {
        throw std::runtime_error("raw mqtt: connection refused, code " +
                                 std::to_string(length < 2 ? -1 : body[1]));
      }
      connack_seen_ = true;
    }
    at += header + length;
  }
  in_.erase(0, at);
  if (!ack_.empty()) {
    send(ack_);
    ack_.clear();
  }
  return true;
}

void RawMqttClient::set_receive_timeout(std::chrono::milliseconds timeout) {
  const timeval limit{.tv_sec = timeout.count() / 1000, .tv_usec = (timeout.count() % 1000) * 1000};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
}

void RawMqttClient::close_read() {
  ::shutdown(fd_, SHUT_RD);
}

}  // namespace gpiogw::bench
