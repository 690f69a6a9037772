#include "gpiogw/mqtt/connect_probe.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>

#include <fmt/format.h>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <string_view>

#include "gpiogw/base/unique_fd.hpp"

namespace gpiogw::mqtt {
namespace {

using gpio::UniqueFd;
using Clock = std::chrono::steady_clock;

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* pointer) const {
    Free(pointer);
  }
};
using SslContext = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX_free>>;
using Ssl = std::unique_ptr<SSL, Deleter<SSL_free>>;
using AddressList = std::unique_ptr<addrinfo, Deleter<freeaddrinfo>>;

std::string place(const Endpoint& endpoint) {
  return endpoint.host.find(':') != std::string::npos
             ? fmt::format("[{}]:{}", endpoint.host, endpoint.port)
             : fmt::format("{}:{}", endpoint.host, endpoint.port);
}

bool is_ip_address(const std::string& host) {
  in6_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

// Waits until `fd` is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  pollfd entry{.fd = fd, .events = events, .revents = 0};
  return left.count() > 0 && poll(&entry, 1, static_cast<int>(left.count())) == 1;
}

struct Connected {
  UniqueFd fd;
  int error = 0;  // errno of the last address tried, when none worked; ETIMEDOUT for no answer
};

Connected connect_tcp(const addrinfo* addresses, std::chrono::milliseconds timeout) {
  Connected result;
  for (const addrinfo* address = addresses; address; address = address->ai_next) {
    UniqueFd fd(socket(address->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
      result.error = errno;
      continue;
    }
    if (connect(fd.get(), address->ai_addr, address->ai_addrlen) != 0 && errno != EINPROGRESS) {
      result.error = errno;
      continue;
    }
    if (!wait_for(fd.get(), POLLOUT, Clock::now() + timeout)) {
      result.error = ETIMEDOUT;
      continue;
    }
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
      result.error = error;
      continue;
    }
    fcntl(fd.get(), F_SETFL, fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    result.fd = std::move(fd);
    return result;
  }
  return result;
}

// OpenSSL's queued errors as one line ("...: certificate verify failed"), reason texts only.
std::string openssl_errors() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(code);
    if (!text.empty()) text += "; ";
    text += reason ? reason : fmt::format("OpenSSL error {:#x}", code);
  }
  return text.empty() ? "the connection was closed" : text;
}

std::string describe_verify_error(long result, const Endpoint& endpoint) {
  switch (result) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return fmt::format(
          "TLS: the broker's certificate is not valid for '{}' (host name mismatch); use the "
          "host name the certificate was made for",
          endpoint.host);
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return "TLS: the broker's certificate has expired";
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "TLS: the broker's certificate is not valid yet (is the clock right?)";
    default:
      return fmt::format(
          "TLS: the broker's certificate is not trusted: {} (check [mqtt.tls] ca_file)",
          X509_verify_cert_error_string(result));
  }
}

std::string describe_handshake_error(const std::string& errors) {
  if (errors.find("certificate required") != std::string::npos ||
      (errors.find("handshake failure") != std::string::npos))
    return fmt::format(
        "TLS: the broker refused the handshake ({}); does it require a client certificate "
        "([mqtt.tls] cert_file and key_file)?",
        errors);
  if (errors.find("wrong version number") != std::string::npos ||
      errors.find("packet length too long") != std::string::npos)
    return fmt::format("TLS handshake failed ({}); is this port really a TLS port?", errors);
  return fmt::format("TLS handshake failed: {}", errors);
}

std::optional<std::string> check_tls(int fd, const Endpoint& endpoint, const TlsSettings& tls,
                                     std::chrono::milliseconds timeout) {
  ERR_clear_error();
  const SslContext context(SSL_CTX_new(TLS_client_method()));
  if (!context) return "TLS: cannot set up OpenSSL: " + openssl_errors();
  if (!tls.ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(context.get(), tls.ca_file.c_str(), nullptr) != 1)
      return fmt::format("TLS: cannot load ca_file {}: {}", tls.ca_file.string(), openssl_errors());
  } else {
    SSL_CTX_set_default_verify_paths(context.get());
  }
  if (!tls.cert_file.empty() &&
      SSL_CTX_use_certificate_chain_file(context.get(), tls.cert_file.c_str()) != 1)
    return fmt::format("TLS: cannot load cert_file {}: {}", tls.cert_file.string(),
                       openssl_errors());
  if (!tls.key_file.empty() &&
      SSL_CTX_use_PrivateKey_file(context.get(), tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return fmt::format("TLS: cannot load key_file {}: {}", tls.key_file.string(), openssl_errors());
  SSL_CTX_set_verify(context.get(), tls.insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nullptr);

  const Ssl ssl(SSL_new(context.get()));
  SSL_set_fd(ssl.get(), fd);
  if (!is_ip_address(endpoint.host)) SSL_set_tlsext_host_name(ssl.get(), endpoint.host.c_str());
  if (!tls.insecure) {
    X509_VERIFY_PARAM* parameters = SSL_get0_param(ssl.get());
    if (is_ip_address(endpoint.host))
      X509_VERIFY_PARAM_set1_ip_asc(parameters, endpoint.host.c_str());
    else
      X509_VERIFY_PARAM_set1_host(parameters, endpoint.host.c_str(), 0);
  }
  const timeval limit{.tv_sec = timeout.count() / 1000, .tv_usec = (timeout.count() % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  if (SSL_connect(ssl.get()) != 1) {
    const long verify = SSL_get_verify_result(ssl.get());
    if (verify != X509_V_OK) return describe_verify_error(verify, endpoint);
    return describe_handshake_error(openssl_errors());
  }
  // With TLS 1.3 the broker judges the client's certificate after the handshake and says so in
  // an alert; a broker that is happy says nothing until it gets an MQTT CONNECT.
  const timeval short_limit{.tv_sec = 0, .tv_usec = 300000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &short_limit, sizeof short_limit);
  char byte = 0;
  if (SSL_read(ssl.get(), &byte, 1) <= 0 && ERR_peek_error() != 0)
    return describe_handshake_error(openssl_errors());
  return std::nullopt;
}

// Sends a minimal MQTT 3.1.1 CONNECT (clean session, empty client id, no login: it touches no
// session of the gateway's) and waits for the first byte of any answer. A broker answers even
// when it refuses (CONNACK with a return code); silence or a close before that is the problem.
std::optional<std::string> check_mqtt_answer(int fd, const Endpoint& endpoint,
                                             std::chrono::milliseconds timeout) {
  static constexpr unsigned char kConnect[] = {0x10, 12,   0,    4, 'M', 'Q', 'T',
                                               'T',  0x04, 0x02, 0, 10,  0,   0};
  static constexpr unsigned char kDisconnect[] = {0xE0, 0};
  if (send(fd, kConnect, sizeof kConnect, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof kConnect))
    return fmt::format("{} accepted the TCP connection, then closed it before an MQTT CONNECT",
                       place(endpoint));
  unsigned char first = 0;
  if (!wait_for(fd, POLLIN, Clock::now() + timeout))
    return fmt::format(
        "{} accepted the TCP connection but did not answer the MQTT CONNECT within {} ms (is this "
        "the broker's MQTT port, and is the broker alive?)",
        place(endpoint), timeout.count());
  if (recv(fd, &first, 1, 0) != 1)
    return fmt::format(
        "{} accepted the TCP connection, then closed it without answering the MQTT CONNECT "
        "(is this the broker's MQTT port, or does the broker turn this client away?)",
        place(endpoint));
  send(fd, kDisconnect, sizeof kDisconnect, MSG_NOSIGNAL);
  return std::nullopt;
}

}  // namespace

Endpoint endpoint_of(const std::string& uri) {
  Endpoint endpoint;
  const auto scheme_end = uri.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "tcp" : uri.substr(0, scheme_end);
  endpoint.tls = scheme == "ssl" || scheme == "mqtts" || scheme == "wss";
  endpoint.websocket = scheme == "ws" || scheme == "wss";
  std::string_view rest = scheme_end == std::string::npos
                              ? std::string_view(uri)
                              : std::string_view(uri).substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  const auto bracket = rest.rfind(']');  // IPv6 literal: [::1]:1883
  const auto colon = rest.rfind(':');
  std::string_view host = rest;
  std::optional<std::uint16_t> port;
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    std::uint16_t value = 0;
    const auto digits = rest.substr(colon + 1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), value).ec == std::errc{})
      port = value;
    host = rest.substr(0, colon);
  }
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  endpoint.host = std::string(host);
  if (scheme == "ws")
    endpoint.port = port.value_or(80);
  else if (scheme == "wss")
    endpoint.port = port.value_or(443);
  else
    endpoint.port = port.value_or(endpoint.tls ? 8883 : 1883);
  return endpoint;
}

std::optional<std::string> diagnose_connection(const Endpoint& endpoint, const TlsSettings& tls,
                                               std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(endpoint.port);
  if (const int error = getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found)) {
    return fmt::format("DNS: cannot resolve host '{}': {}", endpoint.host,
                       error == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(error));
  }
  const AddressList addresses(found);
  Connected connection = connect_tcp(addresses.get(), timeout);
  if (!connection.fd) {
    if (connection.error == ECONNREFUSED)
      return fmt::format(
          "connection refused by {}: nothing listens there (is the broker running, is the port "
          "right?)",
          place(endpoint));
    if (connection.error == ETIMEDOUT)
      return fmt::format("no answer from {} within {} ms (wrong host, or a firewall?)",
                         place(endpoint), timeout.count());
    return fmt::format("cannot connect to {}: {}", place(endpoint),
                       std::strerror(connection.error));
  }
  if (endpoint.tls) return check_tls(connection.fd.get(), endpoint, tls, timeout);
  if (endpoint.websocket) return std::nullopt;
  return check_mqtt_answer(connection.fd.get(), endpoint, timeout);
}

}  // namespace gpiogw::mqtt
