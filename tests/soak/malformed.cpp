#include "malformed.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "pick.hpp"
#include "soak_setup.hpp"

namespace gpiogw::soak {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

constexpr std::size_t kHugeBytes = 100 * 1024;

// Near misses of ON, OFF, TOGGLE, 1, 0, true, false.
const std::array<std::string, 14> kBadSwitchWords{"ONN",   "OF",     "TOGGEL",   "yes",    "no",
                                                  "2",     "-1",     "o n",      "on off", "0n",
                                                  "\0on"s, "on\x01", "\xff\xfe", "on\xff"};
const std::array<std::string, 9> kBadDurations{"abc", "-1s",   "0s",    "0ms", "1000001h",
                                               "20",  "20 ms", "1.5ms", "\xff"};
// Each one a command line the gateway must answer with an error (or, for the read-only ones,
// answer without changing anything). %s is an output's name.
const std::array<std::string, 14> kBadCommands{
    "set %s",        "set %s maybe",  "set %s toggle", "set nosuch on", "toggle",
    "toggle nosuch", "pulse %s",      "pulse %s 0s",   "pulse %s -1s",  "set %s on\xff",
    "set %s on\x07", "frobnicate %s", "get %s",        "list"};

std::string with_name(std::string text, const std::string& name) {
  if (const auto at = text.find("%s"); at != std::string::npos) text.replace(at, 2, name);
  return text;
}

}  // namespace

Malformed::Malformed(SoakClient& client, std::uint64_t seed) : client_(client), random_(seed) {}

std::chrono::microseconds Malformed::step() {
  const Message message = next();
  // QoS 0 and 1 both: a malformed message must not need the acknowledged path to be refused.
  if (client_.publish(message.topic, message.payload, static_cast<int>(random_() % 2))) ++sent_;
  return std::chrono::microseconds(std::uniform_int_distribution<int>(10'000, 60'000)(random_));
}

Malformed::Message Malformed::next() {
  switch (random_() % 4) {
    case 0:
      return to_output();
    case 1:
      return to_pulse();
    case 2:
      return to_cmd();
    default:
      return to_chat();
  }
}

std::string Malformed::output_name() {
  return fmt::format("out{}", random_() % 8);
}

// Random bytes that start with 0xff, so they can never spell a valid word by chance.
std::string Malformed::garbage() {
  std::string bytes(1, '\xff');
  const auto length = std::uniform_int_distribution<std::size_t>(1, 64)(random_);
  for (std::size_t i = 0; i < length; ++i) bytes += static_cast<char>(random_() % 256);
  return bytes;
}

Malformed::Message Malformed::to_output() {
  const std::string topic = kPrefix + "/output/" + output_name() + "/set";
  switch (random_() % 5) {
    case 0:
      return {topic, ""};
    case 1:
      return {topic, garbage()};
    case 2: {
      std::string huge;
      while (huge.size() < kHugeBytes) huge += "ON";
      return {topic, huge};
    }
    default:
      return {topic, pick(kBadSwitchWords, random_)};
  }
}

Malformed::Message Malformed::to_pulse() {
  const std::string topic = kPrefix + "/output/" + output_name() + "/pulse";
  switch (random_() % 4) {
    case 0:
      return {topic, ""};
    case 1:
      return {topic, garbage()};
    default:
      return {topic, pick(kBadDurations, random_)};
  }
}

Malformed::Message Malformed::to_cmd() {
  const std::string topic = kPrefix + "/cmd";
  switch (random_() % 5) {
    case 0:
      return {topic, ""};
    case 1:
      return {topic, garbage()};
    case 2:
      return {topic, "set " + output_name() + " on " + std::string(kHugeBytes, 'x')};
    default:
      return {topic, with_name(pick(kBadCommands, random_), output_name())};
  }
}

Malformed::Message Malformed::to_chat() {
  const std::string name = output_name();
  const std::string valid = fmt::format("@{} toggle {}", kGatewayName, name);
  const auto now = std::chrono::steady_clock::now();
  if (now - careless_sent_ >= 3s) {
    careless_sent_ = now;
    std::string line;
    switch (random_() % 3) {
      case 0:
        line = valid + " " + std::string(300, 'x');  // over 256 bytes
        break;
      case 1:
        line = fmt::format("@{} {}", kGatewayName, with_name(pick(kBadCommands, random_), name));
        break;
      default:
        line = valid + "\xc3";  // a cut UTF-8 sequence
        break;
    }
    return {kRoom + "/" + kCarelessMember, line};
  }
  switch (random_() % 5) {
    case 0:  // not in the allow list; floods, so mostly rate-limited too
      return {kRoom + "/mallory", valid};
    case 1:  // on the gateway's own topic: never taken as a command
      return {kRoom + "/" + kGatewayName, valid};
    case 2:  // reply-shaped
      return {kRoom + "/" + kChatters[0] + "-twin",
              fmt::format("@{} ok: toggle {}", kGatewayName, name)};
    case 3:  // not addressed to the gateway
      return {kRoom + "/" + kChatters[1] + "-twin", "toggle " + name + " please"};
    default:
      return {kRoom + "/mallory", garbage()};
  }
}

}  // namespace gpiogw::soak
