#include "gpiogw/config/rules.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>

#include "gpiogw/base/payload.hpp"

namespace gpiogw::config {
namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kShownUriBytes = 128;  // a long host name and path still fit
constexpr std::string_view kNameRule =
    "names go into MQTT topics, so use 1 to 64 characters from A-Z a-z 0-9 _ -";

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_name_char(char c) {
  return is_alnum(c) || c == '_' || c == '-';
}
bool is_host_char(char c) {
  return is_alnum(c) || c == '-' || c == '.' || c == '_';
}
bool is_ipv6_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

std::string_view scheme_of(std::string_view uri) {
  const std::size_t end = uri.find("://");
  return end == std::string_view::npos ? std::string_view{} : uri.substr(0, end);
}

std::optional<std::string> check_port(std::string_view uri, std::string_view port) {
  const bool digits =
      !port.empty() && port.size() <= 5 &&
      std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  const int value = digits ? std::stoi(std::string(port)) : 0;
  if (value < 1 || value > 65535)
    return fmt::format("{} has an invalid port {}; use 1 to 65535", shown_uri(uri),
                       printable_excerpt(port, 16));
  return std::nullopt;
}

// A topic, or a prefix of one, that gpiogw publishes to: `what` names it in messages.
std::optional<std::string> check_topic_levels(std::string_view topic, std::string_view what) {
  if (topic.empty()) return std::string("must not be empty");
  for (char wildcard : {'+', '#'}) {
    if (topic.find(wildcard) != std::string_view::npos)
      return fmt::format("{} contains '{}'; wildcards are not allowed in {}",
                         printable_excerpt(topic), wildcard, what);
  }
  if (topic.front() == '/' || topic.back() == '/')
    return fmt::format("{} must not start or end with '/'", printable_excerpt(topic));
  if (topic.find("//") != std::string_view::npos)
    return fmt::format("{} has an empty level ('//')", printable_excerpt(topic));
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_name(std::string_view name) {
  if (name.empty()) return fmt::format("must not be empty; {}", kNameRule);
  if (name.size() > kMaxNameLength)
    return fmt::format("{} is {} characters long; {}", printable_excerpt(name), name.size(),
                       kNameRule);
  const auto bad = std::find_if_not(name.begin(), name.end(), is_name_char);
  if (bad == name.end()) return std::nullopt;
  // Show a whole UTF-8 character, not one byte of it: a lead byte and its continuation bytes.
  auto end = bad + 1;
  while (end != name.end() && (static_cast<unsigned char>(*end) & 0xC0) == 0x80) ++end;
  return fmt::format("{} contains {}; {}", printable_excerpt(name),
                     printable_excerpt(std::string_view(bad, end)), kNameRule);
}

std::optional<std::string> check_topic_prefix(std::string_view prefix) {
  return check_topic_levels(prefix, "a topic prefix");
}

std::optional<std::string> check_topic(std::string_view topic) {
  return check_topic_levels(topic, "a topic that is published to");
}

std::optional<std::string> check_broker_uri(std::string_view uri) {
  static constexpr std::array<std::string_view, 6> kSchemes{"tcp",   "ssl", "mqtt",
                                                            "mqtts", "ws",  "wss"};
  if (uri.empty()) return fmt::format("must not be empty; {}", kBrokerUriForms);
  const std::string_view scheme = scheme_of(uri);
  if (scheme.empty())
    return fmt::format("{} is not a broker URI; {}", shown_uri(uri), kBrokerUriForms);
  if (std::find(kSchemes.begin(), kSchemes.end(), scheme) == kSchemes.end())
    return fmt::format("{} has an unknown scheme {}; {}", shown_uri(uri),
                       printable_excerpt(scheme, 16), kBrokerUriForms);

  std::string_view authority = uri.substr(scheme.size() + 3);
  if (const std::size_t slash = authority.find('/'); slash != std::string_view::npos) {
    // Websocket brokers are reached on an HTTP path such as "/mqtt"; the others have none.
    if (scheme != "ws" && scheme != "wss")
      return fmt::format("{} has a path; only ws:// and wss:// URIs may have one", shown_uri(uri));
    authority = authority.substr(0, slash);
  }
  // A password in the URI would sit in the config file and in every message that shows the URI.
  if (authority.find('@') != std::string_view::npos)
    return fmt::format(
        "{} has a user name or password in it; set [mqtt] username and password_file instead",
        shown_uri(uri));

  std::string_view host = authority;
  std::optional<std::string_view> port;
  if (authority.starts_with('[')) {  // an IPv6 address such as [::1]:1883
    const std::size_t close = authority.find(']');
    const std::string_view after =
        close == std::string_view::npos ? std::string_view{} : authority.substr(close + 1);
    if (close == std::string_view::npos || close == 1 ||
        !std::all_of(authority.begin() + 1, authority.begin() + close, is_ipv6_char) ||
        !(after.empty() || after.starts_with(':')))
      return fmt::format("{} has an invalid host {}", shown_uri(uri), printable_excerpt(authority));
    host = authority.substr(0, close + 1);
    if (!after.empty()) port = after.substr(1);
  } else if (const std::size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return fmt::format("{} has no host; {}", shown_uri(uri), kBrokerUriForms);
  if (!host.starts_with('[') && !std::all_of(host.begin(), host.end(), is_host_char))
    return fmt::format("{} has an invalid host {}", shown_uri(uri), printable_excerpt(host));
  if (port) return check_port(uri, *port);
  return std::nullopt;
}

std::string shown_uri(std::string_view uri) {
  const std::size_t scheme_end = uri.find("://");
  const std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const std::string_view rest = uri.substr(start);
  const std::size_t at = rest.substr(0, rest.find('/')).rfind('@');
  if (at == std::string_view::npos) return printable_excerpt(uri, kShownUriBytes);
  return printable_excerpt(fmt::format("{}***{}", uri.substr(0, start), rest.substr(at)),
                           kShownUriBytes);
}

bool uses_tls(std::string_view uri) {
  const std::string_view scheme = scheme_of(uri);
  return scheme == "ssl" || scheme == "mqtts" || scheme == "wss";
}

std::string sanitize_name(std::string_view text) {
  std::string name(text.substr(0, kMaxNameLength));
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !is_name_char(c); }, '-');
  return name.empty() ? "gpiogw" : name;
}

}  // namespace gpiogw::config
