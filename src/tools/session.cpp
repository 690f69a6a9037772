#include "session.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "gpiogw/base/exit_codes.hpp"
#include "gpiogw/config/password.hpp"
#include "gpiogw/config/rules.hpp"
#include "gpiogw/mqtt/paho_client.hpp"
#include "gpiogw/version.hpp"

namespace gpiogw::tools {
namespace {

constexpr auto kDisconnectTimeout = std::chrono::seconds(2);

}  // namespace

void add_broker_options(CLI::App& app, BrokerOptions& options) {
  app.add_option("-b,--broker", options.uri,
                 "Broker URI: tcp:// ssl:// mqtt:// mqtts:// ws:// wss://")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& uri) { return config::check_broker_uri(uri).value_or(std::string()); },
          "URI"));
  app.add_option("--username", options.username, "Log in with this user name");
  app.add_option("--password-file", options.password_file,
                 "Log in with the password on this file's first line (or from the environment "
                 "variable GPIOGW_MQTT_PASSWORD)");
  app.add_option("--ca-file", options.ca_file, "TLS: trust this CA (default: the system's)");
  app.add_option("--cert-file", options.cert_file, "TLS: client certificate");
  app.add_option("--key-file", options.key_file, "TLS: the client certificate's key");
  app.add_option("--qos", options.qos, "QoS of publishes and subscriptions")
      ->capture_default_str()
      ->check(CLI::Range(0, 2));
}

void describe_tool(CLI::App& app, std::string_view name) {
  app.set_version_flag("--version", fmt::format("{} {}", name, kVersion));
  app.footer(
      "Exit codes: 0 ok, 64 usage, 66 password unreadable, 69 broker unreachable or lost.\n"
      "Documentation: README.md of gpiogw");
}

Session::Session(std::string tool, BrokerOptions options, std::string client_id,
                 std::vector<std::string> subscriptions)
    : tool_(std::move(tool)),
      options_(std::move(options)),
      client_id_(std::move(client_id)),
      subscriptions_(std::move(subscriptions)) {}

Session::~Session() = default;

void Session::say(std::string_view message) const {
  std::fprintf(stderr, "%s: %.*s\n", tool_.c_str(), static_cast<int>(message.size()),
               message.data());
}

int Session::run(Hooks hooks) {
  hooks_ = std::move(hooks);
  // The gateway's password sources: GPIOGW_MQTT_PASSWORD, then the file.
  config::Mqtt mqtt;
  mqtt.username = options_.username;
  mqtt.password_file = options_.password_file;
  auto password = find_password(mqtt, [](const char* name) { return std::getenv(name); });
  if (const auto* problem = std::get_if<std::string>(&password)) {
    say(*problem);
    return kExitNoInput;
  }
  const mqtt::Options options{.uri = options_.uri,
                              .client_id = client_id_,
                              .username = options_.username,
                              .password = std::get<Password>(password).value,
                              .keepalive = std::chrono::seconds(30),
                              .will_topic = {},
                              .will_payload = {},
                              .qos = options_.qos,
                              .mqtt5 = options_.mqtt5,
                              .tls = {.ca_file = options_.ca_file,
                                      .cert_file = options_.cert_file,
                                      .key_file = options_.key_file,
                                      .insecure = options_.insecure}};
  try {
    client_ = mqtt::make_paho_client(options, loop_, *this);
  } catch (const std::invalid_argument& error) {
    say(error.what());
    return kExitUsage;
  }
  for (const int signal_number : {SIGINT, SIGTERM}) {
    signal_sources_.push_back(loop_.on_signal(signal_number, [this] { finish(kExitOk); }));
  }
  client_->connect(options_.uri);
  return loop_.run();
}

void Session::publish(const std::string& topic, std::string_view payload, bool retain) {
  client_->publish(topic, payload, options_.qos, retain);
}

void Session::finish(int code) {
  client_->disconnect(kDisconnectTimeout);
  loop_.exit(code);
}

void Session::on_connected() {
  for (const auto& filter : subscriptions_) client_->subscribe(filter, options_.qos);
  if (subscriptions_.empty() && hooks_.ready) hooks_.ready();
}

void Session::on_subscribed(const std::string&) {
  if (++confirmed_ == subscriptions_.size() && hooks_.ready) hooks_.ready();
}

void Session::on_connect_failed(const std::string& reason) {
  say(fmt::format("cannot connect to {}: {}", options_.uri, reason));
  loop_.exit(kExitUnavailable);
}

void Session::on_connection_lost(const std::string& reason) {
  say(fmt::format("lost the connection to {}: {}", options_.uri, reason));
  loop_.exit(kExitUnavailable);
}

void Session::on_message(const std::string& topic, const std::string& payload, bool retained) {
  if (hooks_.message) hooks_.message(topic, payload, retained);
}

}  // namespace gpiogw::tools
