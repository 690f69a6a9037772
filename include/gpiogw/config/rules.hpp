#pragma once
// The rules for values that end up in MQTT topics or broker connections. The loader applies them
// to the file; the command line applies them (through check_broker) to a --broker override too.

#include <optional>
#include <string>
#include <string_view>

namespace gpiogw::config {

// Gateway, output, input and sensor names become topic levels: 1 to 64 of [A-Za-z0-9_-].
// Each check returns what is wrong, or nothing when the value is fine.
std::optional<std::string> check_name(std::string_view name);

// A topic prefix: not empty, no wildcards ('+', '#'), no leading or trailing '/', no empty level.
std::optional<std::string> check_topic_prefix(std::string_view prefix);
// A whole topic gpiogw publishes to (a sensor's `topic`): the same rules as a prefix.
std::optional<std::string> check_topic(std::string_view topic);

// How a broker URI looks, for messages about a wrong one.
inline constexpr std::string_view kBrokerUriForms =
    R"(use tcp://, ssl://, mqtt://, mqtts://, ws:// or wss:// followed by host[:port], e.g. "tcp://localhost:1883")";

// tcp:// ssl:// mqtt:// mqtts:// ws:// wss:// followed by host[:port] (ws and wss: also /path).
std::optional<std::string> check_broker_uri(std::string_view uri);

// A broker URI (or what was meant as one) as messages show it: any user name and password before
// an '@' masked as "***", then printable_excerpt()'s bounded, printable form.
std::string shown_uri(std::string_view uri);

// True for ssl:// mqtts:// wss://, the schemes that use [mqtt.tls]. Expects a checked URI.
bool uses_tls(std::string_view uri);

// A valid name made from any text (the host name): other characters become '-', at most 64
// characters are kept, and "gpiogw" stands in for an empty result.
std::string sanitize_name(std::string_view text);

}  // namespace gpiogw::config
