#include "gpiogw/mqtt/paho_client.hpp"

#include <mqtt/async_client.h>

#include <fmt/format.h>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/thread_barrier.hpp"
#include "gpiogw/mqtt/tcp_nodelay.hpp"

namespace gpiogw::mqtt {
namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(10);
constexpr auto kProbeTimeout = std::chrono::seconds(5);
// Paho refuses a publish ("No more messages can be buffered") once 100 wait for its send thread,
// even while connected: a burst of commands then lost its last states, and the retained state on
// the broker no longer matched the line (measured with bench/run, docs/BENCHMARKS.md). The queue
// is deep only while the broker takes messages slower than commands arrive.
constexpr int kMaxQueuedPublishes = 10'000;

// What to say of a broker that does not speak the version asked for: RabbitMQ's MQTT plugin and
// aedes answer an MQTT 5 CONNECT with CONNACK 132 (or MQTT 3.1.1's return code 1), or with nothing.
std::string unsupported_version(bool mqtt5) {
  return mqtt5 ? "the broker refused MQTT 5: unsupported protocol version; set [mqtt] protocol = 3"
               : "the broker refused MQTT 3.1.1: unsupported protocol version (set [mqtt] "
                 "protocol = 5 if it speaks only MQTT 5)";
}

// MQTT 3.1.1 CONNACK return codes, and the MQTT 5 reason codes a user can act on.
std::optional<std::string> describe_refusal(int code, bool mqtt5) {
  switch (code) {
    case 1:
    case ::mqtt::ReasonCode::UNSUPPORTED_PROTOCOL_VERSION:
      return unsupported_version(mqtt5);
    case 2:
    case ::mqtt::ReasonCode::CLIENT_IDENTIFIER_NOT_VALID:
      return "the broker rejected the client id (set [mqtt] client_id)";
    case 3:
    case ::mqtt::ReasonCode::SERVER_UNAVAILABLE:
      return "the broker is unavailable";
    case 4:
    case ::mqtt::ReasonCode::BAD_USER_NAME_OR_PASSWORD:
      return "bad user name or password (check [mqtt] username and the password)";
    case 5:  // mosquitto's answer to a wrong password, too
    case ::mqtt::ReasonCode::NOT_AUTHORIZED:
      return "not authorised: wrong user name or password, or this client may not connect";
    case ::mqtt::ReasonCode::BANNED:
      return "this client is banned by the broker";
    case ::mqtt::ReasonCode::SERVER_BUSY:
      return "the broker is busy (it will be asked again)";
    case ::mqtt::ReasonCode::BAD_AUTHENTICATION_METHOD:
      return "the broker does not accept this authentication method";
    case ::mqtt::ReasonCode::QUOTA_EXCEEDED:
      return "this client is over a quota the broker sets";
    case ::mqtt::ReasonCode::CONNECTION_RATE_EXCEEDED:
      return "the broker limits how often a client may connect";
    case ::mqtt::ReasonCode::USE_ANOTHER_SERVER:
    case ::mqtt::ReasonCode::SERVER_MOVED:
      return "the broker sends clients to another server (check [mqtt] uri)";
    case ::mqtt::ReasonCode::PACKET_TOO_LARGE:
      return "the broker takes no CONNECT this large (the will message?)";
    case ::mqtt::ReasonCode::TOPIC_NAME_INVALID:
    case ::mqtt::ReasonCode::RETAIN_NOT_SUPPORTED:
    case ::mqtt::ReasonCode::QOS_NOT_SUPPORTED:
      return "the broker does not accept the will message (its topic, retain flag or QoS)";
    default:
      // Every MQTT 5 CONNACK code from 0x80 up is a refusal, named by reason_text().
      if (code >= ::mqtt::ReasonCode::UNSPECIFIED_ERROR &&
          code < ::mqtt::ReasonCode::MQTTPP_V3_CODE)
        return "the broker refused the connection";
      return std::nullopt;
  }
}

// The code of a CONNACK that refused the connection (or a Paho error code). Paho C 1.3 passes a
// refusing CONNACK's code as the failure's return code under MQTT 5 too, and leaves the
// failure's reason code at 0 (seen with mosquitto 2.0 and a wrong password: return code 135),
// so the reason code counts only when it is a refusal itself.
int connack_code(const ::mqtt::token& token) {
  const int reason = token.get_reason_code();
  return reason >= ::mqtt::ReasonCode::UNSPECIFIED_ERROR &&
                 reason < ::mqtt::ReasonCode::MQTTPP_V3_CODE
             ? reason
             : token.get_return_code();
}

std::string reason_text(int reason_code) {
  return fmt::format("{} (reason code {:#04x})", ::mqtt::exception::reason_code_str(reason_code),
                     reason_code);
}

// Posts to the loop on behalf of a client: a task still queued when the client goes away (a
// reload replaces it while the loop runs on) is dropped. Tasks run, and the client is destroyed,
// on the loop thread, so the check cannot race.
class LoopLink {
 public:
  LoopLink(EventLoop& loop, const std::shared_ptr<const char>& client)
      : loop_(&loop), client_(client) {}

  void post(std::function<void()> task) const {
    loop_->post([client = client_, task = std::move(task)] {
      if (!client.expired()) task();
    });
  }
  // For every callback Paho makes on its threads: nothing may unwind into Paho's C frames, so
  // what `body` throws ends the loop with kExitSoftware instead (thread_barrier.hpp).
  template <typename Body>
  void guard(std::string_view where, Body&& body) const noexcept {
    guard_thread(*loop_, where, std::forward<Body>(body));
  }
  void fail(std::string_view where, std::exception_ptr error) const noexcept {
    fail_on_loop(*loop_, where, std::move(error));
  }

 private:
  EventLoop* loop_;
  std::weak_ptr<const char> client_;
};

// Relays the result of a connect diagnosis, which runs on a thread of its own, to the loop; the
// client detaches it when it goes away, so a late result goes nowhere (the loop may be gone too).
class DiagnosisRelay {
 public:
  explicit DiagnosisRelay(LoopLink link, Handler& handler) : link_(link), handler_(&handler) {}

  void deliver(std::string reason) {
    const std::lock_guard lock(mutex_);
    if (!attached_) return;
    link_.post(
        [handler = handler_, reason = std::move(reason)] { handler->on_connect_failed(reason); });
  }
  // The diagnosis itself threw: the loop ends (if the client is still there to care).
  void fail(std::exception_ptr error) noexcept {
    const std::lock_guard lock(mutex_);
    if (attached_) link_.fail("the connect diagnosis thread", std::move(error));
  }
  void detach() {
    const std::lock_guard lock(mutex_);
    attached_ = false;
  }

 private:
  std::mutex mutex_;
  bool attached_ = true;
  LoopLink link_;
  Handler* handler_;
};

// Confirms subscriptions to the handler, on the loop thread, and tells the user when the broker
// refuses one (an ACL, usually).
class SubscribeListener final : public ::mqtt::iaction_listener {
 public:
  SubscribeListener(bool mqtt5, LoopLink link, Handler& handler)
      : mqtt5_(mqtt5), link_(link), handler_(handler) {}

 private:
  // Paho 1.2 hands over no usable reason codes on success; a refusal arrives as a failure.
  void on_success(const ::mqtt::token& token) override {
    link_.guard("Paho's subscribe callback", [&] {
      if (const auto topics = token.get_topics()) {
        for (std::size_t i = 0; i < topics->size(); ++i)
          link_.post(
              [&handler = handler_, filter = (*topics)[i]] { handler.on_subscribed(filter); });
      }
    });
  }
  void on_failure(const ::mqtt::token& token) override {
    link_.guard("Paho's subscribe callback",
                [&] { report(token, mqtt5_ ? token.get_reason_code() : token.get_return_code()); });
  }

  void report(const ::mqtt::token& token, int code) const {
    const auto topics = token.get_topics();
    const std::string filter = topics && !topics->empty() ? (*topics)[0] : std::string("?");
    if (mqtt5_)
      log::warning("the broker refused the subscription to '{}': {}", filter, reason_text(code));
    else
      log::warning(
          "the broker refused the subscription to '{}' (SUBACK {:#04x}; MQTT 3.1.1 gives no "
          "reason: check the broker's ACL, or use protocol = 5 to see it)",
          filter, code);
  }

  bool mqtt5_;
  LoopLink link_;
  Handler& handler_;
};

// MQTT 5 only: how long the broker keeps the session after a disconnect.
::mqtt::properties session_properties(const Options& options) {
  const auto expiry = options.clean_session ? std::chrono::seconds(0) : options.session_expiry;
  // Session Expiry Interval is an unsigned 32-bit field that Paho takes as int32_t.
  return {{::mqtt::property::SESSION_EXPIRY_INTERVAL,
           static_cast<int32_t>(static_cast<std::uint32_t>(expiry.count()))}};
}

// Paho initialises OpenSSL when it creates its first client (error strings, every algorithm, the
// config file), which costs 1.3 MB of resident memory (docs/BENCHMARKS.md). OpenSSL 1.1 and later
// initialise themselves on first use, so a plain TCP connection tells Paho to leave it alone.
// Paho reads this once, at its first client; a gateway has only one.
void skip_openssl_init_for_plain_tcp(const std::string& uri) {
  if (!uri.starts_with("tcp://") && !uri.starts_with("mqtt://")) return;
  MQTTAsync_init_options init = MQTTAsync_init_options_initializer;
  init.do_openssl_init = 0;
  MQTTAsync_global_init(&init);
}

// Paho's list of servers knows only its own schemes for TCP and TLS.
std::string paho_scheme(const std::string& uri) {
  for (auto [alias, paho] : {std::pair{"mqtt://", "tcp://"}, std::pair{"mqtts://", "ssl://"}}) {
    if (uri.starts_with(alias)) return paho + uri.substr(std::string_view(alias).size());
  }
  return uri;
}

::mqtt::connect_options build_connect_options(const Options& options) {
  auto builder = ::mqtt::connect_options_builder();
  // The version first: setting it resets the session flag of the other version.
  builder.mqtt_version(options.mqtt5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1)
      .keep_alive_interval(options.keepalive)
      .connect_timeout(kConnectTimeout)
      .automatic_reconnect(false);  // the gateway owns the back-off and its log
  if (!options.will_topic.empty())
    builder.will(::mqtt::will_options(options.will_topic, options.will_payload, options.qos, true));
  if (options.mqtt5) {
    builder.clean_start(options.clean_session);
  } else {
    builder.clean_session(options.clean_session);
  }
  if (!options.username.empty()) builder.user_name(options.username);
  if (!options.password.empty()) builder.password(options.password);
  if (endpoint_of(options.uri).tls) {
    auto ssl = ::mqtt::ssl_options_builder();
    const bool verify = !options.tls.insecure;
    ssl.enable_server_cert_auth(verify).verify(verify);  // verify: the host name check
    if (!options.tls.ca_file.empty()) ssl.trust_store(options.tls.ca_file.string());
    if (!options.tls.cert_file.empty()) ssl.key_store(options.tls.cert_file.string());
    if (!options.tls.key_file.empty()) ssl.private_key(options.tls.key_file.string());
    builder.ssl(ssl.finalize());
  }
  return builder.finalize();
}

class PahoClient final : public Client, private ::mqtt::iaction_listener {
 public:
  PahoClient(const Options& options, EventLoop& loop, Handler& handler)
      : handler_(handler),
        link_(loop, alive_),
        endpoint_(endpoint_of(options.uri)),
        tls_(options.tls),
        mqtt5_(options.mqtt5),
        // Paho 1.2 cannot connect with MQTT 5 unless the client was made for it.
        client_(options.uri, options.client_id,
                ::mqtt::create_options_builder()
                    .mqtt_version(options.mqtt5 ? MQTTVERSION_5 : MQTTVERSION_DEFAULT)
                    .max_buffered_messages(kMaxQueuedPublishes)
                    .finalize()),
        connect_options_(build_connect_options(options)),
        relay_(std::make_shared<DiagnosisRelay>(link_, handler)),
        subscribe_listener_(options.mqtt5, link_, handler) {
    // Set here, on the options kept for every connect: Paho 1.2 does not carry connect
    // properties through a copy (finalize() makes one), so the builder's would be lost.
    if (options.mqtt5) connect_options_.set_properties(session_properties(options));
    client_.set_connection_lost_handler([this](const std::string& cause) {
      link_.guard("Paho's connection-lost callback", [&] {
        link_.post([this, cause] {
          connected_ = false;
          handler_.on_connection_lost(cause.empty() ? "connection lost" : cause);
        });
      });
    });
    client_.set_disconnected_handler([this](const ::mqtt::properties&, ::mqtt::ReasonCode code) {
      link_.guard("Paho's disconnected callback",
                  [&] { log::warning("the broker closed the connection: {}", reason_text(code)); });
    });
    client_.set_message_callback([this](::mqtt::const_message_ptr message) {
      link_.guard("Paho's message callback", [&] {
        link_.post(
            [this, topic = message->get_topic(), payload = message->to_string(),
             retained = message->is_retained()] { handler_.on_message(topic, payload, retained); });
      });
    });
  }

  ~PahoClient() override {
    relay_->detach();
    // Paho may still call back while it winds down; give it nothing to call into. Paho refuses
    // (throws) while a connect is in flight; its own destructor then stops the threads anyway.
    try {
      client_.disable_callbacks();
    } catch (const ::mqtt::exception&) {
    }
  }

  void connect(const std::string& uri) override {
    endpoint_ = endpoint_of(uri);
    // A list of one: Paho connects to it instead of the URI the client was made with, and
    // reports its outcome alone (with more, Paho would walk the list itself, unlogged).
    connect_options_.set_servers(std::make_shared<::mqtt::string_collection>(paho_scheme(uri)));
    try {
      client_.connect(connect_options_, nullptr, *this);
    } catch (const ::mqtt::exception& error) {
      link_.post(
          [this, reason = std::string(error.what())] { handler_.on_connect_failed(reason); });
    }
  }

  bool connected() const override { return connected_; }

  void subscribe(const std::string& filter, int qos, RetainFlag retain_flag) override {
    // MQTT 3.1.1 has no subscription options; Paho must not be handed any.
    ::mqtt::subscribe_options options;
    if (mqtt5_) options.set_retain_as_published(retain_flag == RetainFlag::as_published);
    try {
      client_.subscribe(filter, qos, nullptr, subscribe_listener_, options);
    } catch (const ::mqtt::exception& error) {
      log::warning("subscribe to '{}' failed: {}", filter, error.what());
    }
  }

  bool publish(const std::string& topic, std::string_view payload, int qos, bool retain) override {
    if (!connected_) return false;
    try {
      client_.publish(topic, payload.data(), payload.size(), qos, retain);
      return true;
    } catch (const ::mqtt::exception& error) {
      log::warning("publish to '{}' failed: {}", topic, error.what());
      return false;
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
  // iaction_listener, for connect attempts; called on a Paho thread.
  void on_success(const ::mqtt::token&) override {
    link_.guard("Paho's connect callback", [&] {
      link_.post([this] {
        connected_ = true;
        const int changed = set_tcp_nodelay_for_peer_port(endpoint_.port);
        if (changed == 0) log::warning("could not set TCP_NODELAY on the broker connection");
        handler_.on_connected();
      });
    });
  }

  void on_failure(const ::mqtt::token& token) override {
    link_.guard("Paho's connect callback", [&] { on_connect_failure(token); });
  }

  void on_connect_failure(const ::mqtt::token& token) {
    const int code = connack_code(token);
    if (auto refusal = describe_refusal(code, mqtt5_)) {
      relay_->deliver(mqtt5_ ? fmt::format("{} ({})", *refusal, reason_text(code))
                             : fmt::format("{} (CONNACK {})", *refusal, code));
      return;
    }
    // Paho says little more than "TCP/TLS connect failure": find out which step fails, off the
    // loop and off Paho's thread (DNS and TCP can take seconds).
    const int paho_code = token.get_return_code();
    std::thread([relay = relay_, endpoint = endpoint_, tls = tls_, paho_code, mqtt5 = mqtt5_] {
      try {
        auto reason = diagnose_connection(endpoint, tls, kProbeTimeout);
        // On plain TCP the diagnosis had an MQTT 3.1.1 CONNECT answered: a broker that closes
        // the connection on the MQTT 5 one does not speak MQTT 5.
        const bool answers_3_1_1 = !endpoint.tls && !endpoint.websocket;
        if (!reason && mqtt5 && answers_3_1_1)
          reason = unsupported_version(true) +
                   " (it closed the connection without a CONNACK, yet answers an MQTT 3.1.1 "
                   "CONNECT)";
        relay->deliver(reason.value_or(fmt::format(
            "{} (code {}); the network and TLS look fine from here, so the broker or a proxy in "
            "between closed the connection",
            ::mqtt::exception::error_str(paho_code), paho_code)));
      } catch (...) {
        relay->fail(std::current_exception());
      }
    }).detach();
  }

  Handler& handler_;
  // First made, last gone: tasks that reach the loop after the client went away are dropped.
  std::shared_ptr<const char> alive_ = std::make_shared<const char>();
  LoopLink link_;
  Endpoint endpoint_;
  TlsSettings tls_;
  bool mqtt5_;
  bool connected_ = false;  // touched on the loop thread only
  ::mqtt::async_client client_;
  ::mqtt::connect_options connect_options_;
  std::shared_ptr<DiagnosisRelay> relay_;
  SubscribeListener subscribe_listener_;
};

}  // namespace

std::unique_ptr<Client> make_paho_client(const Options& options, EventLoop& loop,
                                         Handler& handler) {
  skip_openssl_init_for_plain_tcp(options.uri);
  try {
    return std::make_unique<PahoClient>(options, loop, handler);
  } catch (const ::mqtt::exception& error) {
    throw std::invalid_argument("broker URI '" + options.uri + "': " + error.what());
  }
}

}  // namespace gpiogw::mqtt
