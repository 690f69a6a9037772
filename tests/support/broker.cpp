#include "broker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "certificates.hpp"

namespace gpiogw::test {
namespace {

using namespace std::chrono_literals;

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

std::string tls_files(const std::filesystem::path& cert, const std::filesystem::path& key) {
  return "cafile " + certificates().ca.string() + "\ncertfile " + cert.string() + "\nkeyfile " +
         key.string() + "\n";
}

// The listener's own lines, after "listener <port> 127.0.0.1".
std::string listener_settings(Listener listener, const std::filesystem::path& password_file) {
  const auto& files = certificates();
  switch (listener) {
    case Listener::tcp:
      return "allow_anonymous true\n";
    case Listener::tls:
      return "allow_anonymous true\n" + tls_files(files.server_cert, files.server_key);
    case Listener::mutual_tls:
      return "allow_anonymous true\n" + tls_files(files.server_cert, files.server_key) +
             "require_certificate true\nuse_identity_as_username true\n";
    case Listener::tls_wrong_host:
      return "allow_anonymous true\n" + tls_files(files.wrong_host_cert, files.wrong_host_key);
    case Listener::password:
      return "allow_anonymous false\npassword_file " + password_file.string() + "\n";
    case Listener::ws:
      return "protocol websockets\nallow_anonymous true\n";
    case Listener::wss:
      return "protocol websockets\nallow_anonymous true\n" +
             tls_files(files.server_cert, files.server_key);
  }
  return {};
}

std::filesystem::path dynamic_security_plugin() {
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib")) {
    const auto plugin = entry.path() / "mosquitto_dynamic_security.so";
    if (std::filesystem::exists(plugin)) return plugin;
  }
  throw std::runtime_error("mosquitto_dynamic_security.so not found under /usr/lib");
}

// Anonymous clients may do anything but subscribe to `refused`.
std::string dynamic_security_config(const std::vector<std::string>& refused) {
  std::string acls;
  for (const auto& filter : refused) {
    if (!acls.empty()) acls += ", ";
    acls += R"({"acltype": "subscribePattern", "topic": ")" + filter +
            R"(", "priority": 0, "allow": false})";
  }
  return R"({"defaultACLAccess": {"publishClientSend": true, "publishClientReceive": true,
             "subscribe": true, "unsubscribe": true},
 "clients": [],
 "groups": [{"groupname": "anonymous", "roles": [{"rolename": "refuse"}], "clients": []}],
 "roles": [{"rolename": "refuse", "acls": [)" +
         acls + R"(]}],
 "anonymousGroup": "anonymous"})";
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

int listening_loopback_socket(std::uint16_t& port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto address = loopback(0);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 || listen(fd, 8) != 0) {
    close(fd);
    throw std::runtime_error("cannot listen on a loopback port");
  }
  port = ntohs(address.sin_port);
  return fd;
}

Broker::Broker(std::uint16_t port) : pinned_(port != 0) {
  ports_[Listener::tcp] = port;
  start();
}

Broker::Broker(BrokerOptions options) : options_(std::move(options)) {
  ports_[Listener::tcp] = 0;
  for (const Listener listener : options_.extra_listeners) ports_[listener] = 0;
  if (ports_.contains(Listener::password)) {
    const auto made = run_command(
        {"mosquitto_passwd", "-c", "-b", (dir_ / "passwd").string(), kUser, kPassword}, 10s);
    if (made.status != 0) throw std::runtime_error("mosquitto_passwd failed: " + made.output);
  }
  if (!options_.refused_subscriptions.empty())
    write_file(dir_ / "dynamic-security.json",
               dynamic_security_config(options_.refused_subscriptions));
  start();
}

Broker::~Broker() {
  stop();
}

std::string Broker::uri(Listener listener) const {
  const std::string port = std::to_string(ports_.at(listener));
  switch (listener) {
    case Listener::tls:
    case Listener::mutual_tls:
    case Listener::tls_wrong_host:
      return "ssl://127.0.0.1:" + port;
    case Listener::ws:
      return "ws://127.0.0.1:" + port + "/mqtt";
    case Listener::wss:
      return "wss://127.0.0.1:" + port + "/mqtt";
    default:
      return "tcp://127.0.0.1:" + port;
  }
}

std::string Broker::log() const {
  return read_file(dir_ / "mosquitto.log");
}

std::string Broker::config() const {
  // Started as root, mosquitto would read the keys, the password file and its database as user
  // "mosquitto", who cannot enter our private folders; "user root" keeps it as it is.
  std::string text = "user root\nlog_dest stdout\nset_tcp_nodelay true\n";
  // Only the password listener and the per-listener plugin need per_listener_settings: with it,
  // mosquitto after 2.0.11 (trixie has 2.0.21) stops queueing QoS 1 messages for offline
  // persistent clients (eclipse-mosquitto/mosquitto#2526), which the session tests rely on.
  const bool per_listener =
      ports_.contains(Listener::password) || !options_.refused_subscriptions.empty();
  text += per_listener ? "per_listener_settings true\n" : "allow_anonymous true\n";
  text += options_.persistence
              ? "persistence true\npersistence_location " + dir_.path().string() + "/\n"
              : "persistence false\n";
  for (const auto& [listener, port] : ports_) {
    text += "\nlistener " + std::to_string(port) + " 127.0.0.1\n" +
            listener_settings(listener, dir_ / "passwd");
    if (!options_.refused_subscriptions.empty()) {
      text += "plugin " + dynamic_security_plugin().string() + "\nplugin_opt_config_file " +
              (dir_ / "dynamic-security.json").string() + "\n";
    }
  }
  return text;
}

void Broker::start() {
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (launch()) {
      pinned_ = true;  // a restart comes back on the same ports
      return;
    }
    // A port found free can be taken by someone else before mosquitto binds it: pick others.
    if (!pinned_) {
      for (auto& [listener, port] : ports_) port = 0;
    }
  }
  throw std::runtime_error("mosquitto did not start on 127.0.0.1; its log:\n" + log());
}

bool Broker::launch() {
  for (auto& [listener, port] : ports_) {
    if (port == 0) port = free_loopback_port();
  }
  write_file(dir_ / "mosquitto.conf", config());
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"mosquitto", "-c", (dir_ / "mosquitto.conf").string()},
      dir_ / "mosquitto.log");
  const bool up = eventually(
      [&] {
        if (!process_->running()) return true;
        for (const auto& [listener, port] : ports_) {
          if (!accepts_connections(port)) return false;
        }
        return true;
      },
      5s);
  if (up && process_->running()) return true;
  process_.reset();
  return false;
}

void Broker::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait_for_exit(5s);
  process_.reset();
}

}  // namespace gpiogw::test
