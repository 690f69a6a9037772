#include "gpiogw/mqtt/paho_client.hpp"

#include <mqtt/async_client.h>

#include <charconv>
#include <optional>
#include <stdexcept>

#include "gpiogw/core/log.hpp"
#include "gpiogw/mqtt/tcp_nodelay.hpp"

namespace gpiogw::mqtt {
namespace {

// The broker's TCP port, from the URI or the scheme's default; needed to find our socket.
std::uint16_t broker_port(const std::string& uri) {
  const auto scheme_end = uri.find("://");
  const std::string scheme = uri.substr(0, scheme_end);
  std::string_view rest = scheme_end == std::string::npos
                              ? std::string_view(uri)
                              : std::string_view(uri).substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  const auto bracket = rest.rfind(']');  // IPv6 literal: [::1]:1883
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    std::uint16_t port = 0;
    const auto digits = rest.substr(colon + 1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), port).ec == std::errc{}) {
      return port;
    }
  }
  if (scheme == "ssl" || scheme == "mqtts") return 8883;
  if (scheme == "ws") return 80;
  if (scheme == "wss") return 443;
  return 1883;
}

std::string describe_failure(int code) {
  switch (code) {  // MQTT 3.1.1 CONNACK return codes
    case 1:
      return "connection refused: unacceptable protocol version";
    case 2:
      return "connection refused: client id rejected";
    case 3:
      return "connection refused: server unavailable";
    case 4:
      return "connection refused: bad user name or password";
    case 5:
      return "connection refused: not authorized";
    default:
      break;
  }
  std::string text = ::mqtt::exception::error_str(code);
  if (text.empty() || text == "Unknown error") text = "connect failed";
  return text + " (code " + std::to_string(code) + ")";
}

class PahoClient final : public Client, private ::mqtt::iaction_listener {
 public:
  PahoClient(const Options& options, EventLoop& loop, Handler& handler)
      : loop_(loop),
        handler_(handler),
        port_(broker_port(options.uri)),
        client_(options.uri, options.client_id),
        connect_options_(build_connect_options(options)) {
    client_.set_connection_lost_handler([this](const std::string& cause) {
      loop_.post([this, cause] {
        connected_ = false;
        handler_.on_connection_lost(cause.empty() ? "connection lost" : cause);
      });
    });
    client_.set_message_callback([this](::mqtt::const_message_ptr message) {
      loop_.post(
          [this, topic = message->get_topic(), payload = message->to_string(),
           retained = message->is_retained()] { handler_.on_message(topic, payload, retained); });
    });
  }

  ~PahoClient() override {
    // Paho may still call back while it winds down; give it nothing to call into. Paho refuses
    // (throws) while a connect is in flight; its own destructor then stops the threads anyway.
    try {
      client_.disable_callbacks();
    } catch (const ::mqtt::exception&) {
    }
  }

  void connect() override {
    try {
      client_.connect(connect_options_, nullptr, *this);
    } catch (const ::mqtt::exception& error) {
      loop_.post(
          [this, reason = std::string(error.what())] { handler_.on_connect_failed(reason); });
    }
  }

  bool connected() const override { return connected_; }

  void subscribe(const std::string& filter, int qos) override {
    try {
      client_.subscribe(filter, qos);
    } catch (const ::mqtt::exception& error) {
      log::warning("subscribe to '{}' failed: {}", filter, error.what());
    }
  }

  void publish(const std::string& topic, std::string_view payload, int qos, bool retain) override {
    if (!connected_) {
      log::debug("not connected, not publishing {} (sent again on connect)", topic);
      return;
    }
    try {
      client_.publish(topic, payload.data(), payload.size(), qos, retain);
    } catch (const ::mqtt::exception& error) {
      log::warning("publish to '{}' failed: {}", topic, error.what());
    }
  }

  void disconnect(std::chrono::milliseconds timeout) override {
    if (!connected_) return;
    connected_ = false;
    try {
      client_.disconnect(static_cast<int>(timeout.count()))->wait_for(timeout);
    } catch (const ::mqtt::exception& error) {
      log::warning("disconnect failed: {}", error.what());
    }
  }

 private:
  static ::mqtt::connect_options build_connect_options(const Options& options) {
    auto builder = ::mqtt::connect_options_builder()
                       .keep_alive_interval(options.keepalive)
                       .connect_timeout(std::chrono::seconds(10))
                       .clean_session(true)
                       .automatic_reconnect(false)  // the gateway owns the back-off and its log
                       .will(::mqtt::will_options(options.will_topic, options.will_payload,
                                                  options.qos, true));
    if (!options.username.empty()) builder.user_name(options.username);
    if (!options.password.empty()) builder.password(options.password);
    const bool tls = options.uri.starts_with("ssl://") || options.uri.starts_with("mqtts://") ||
                     options.uri.starts_with("wss://");
    if (tls) {
      auto ssl = ::mqtt::ssl_options_builder();
      ssl.enable_server_cert_auth(true).verify(true);
      if (!options.ca_file.empty()) ssl.trust_store(options.ca_file.string());
      if (!options.cert_file.empty()) ssl.key_store(options.cert_file.string());
      if (!options.key_file.empty()) ssl.private_key(options.key_file.string());
      builder.ssl(ssl.finalize());
    }
    return builder.finalize();
  }

  // iaction_listener, for connect attempts; called on a Paho thread.
  void on_success(const ::mqtt::token&) override {
    loop_.post([this] {
      connected_ = true;
      const int changed = set_tcp_nodelay_for_peer_port(port_);
      if (changed == 0) log::warning("could not set TCP_NODELAY on the broker connection");
      handler_.on_connected();
    });
  }

  void on_failure(const ::mqtt::token& token) override {
    loop_.post([this, reason = describe_failure(token.get_return_code())] {
      handler_.on_connect_failed(reason);
    });
  }

  EventLoop& loop_;
  Handler& handler_;
  std::uint16_t port_;
  bool connected_ = false;  // touched on the loop thread only
  ::mqtt::async_client client_;
  ::mqtt::connect_options connect_options_;
};

}  // namespace

std::unique_ptr<Client> make_paho_client(const Options& options, EventLoop& loop,
                                         Handler& handler) {
  try {
    return std::make_unique<PahoClient>(options, loop, handler);
  } catch (const ::mqtt::exception& error) {
    throw std::invalid_argument("broker URI '" + options.uri + "': " + error.what());
  }
}

}  // namespace gpiogw::mqtt
