#pragma once
// Why a connection to the broker fails, in words a user can act on. Paho reports most network
// and TLS problems as one "TCP/TLS connect failure", so after such a failure the adapter repeats
// the steps itself, one at a time: DNS lookup, TCP connect, TLS handshake with the same
// certificates, host name check, and on plain TCP whether anything answers an MQTT CONNECT. The
// first step that fails is the reason.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace gpiogw::mqtt {

// Where a broker URI points.
struct Endpoint {
  std::string host;  // without the brackets of an IPv6 literal
  std::uint16_t port = 1883;
  bool tls = false;        // ssl:// mqtts:// wss://
  bool websocket = false;  // ws:// wss://: MQTT inside HTTP, which the probe does not speak
};

// For a URI that config::check_broker_uri accepts; a missing port is the scheme's default.
Endpoint endpoint_of(const std::string& uri);

struct TlsSettings {
  std::filesystem::path ca_file;  // empty: the system's trust store
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  bool insecure = false;  // no certificate or host name checks
};

// What stops a connection to `endpoint`, or nothing when every step works (then the broker itself
// refused, or a later stage failed). Blocks for up to `timeout` per step: never call it on the
// loop thread.
std::optional<std::string> diagnose_connection(const Endpoint& endpoint, const TlsSettings& tls,
                                               std::chrono::milliseconds timeout);

}  // namespace gpiogw::mqtt
