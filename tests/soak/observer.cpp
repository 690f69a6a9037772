#include "observer.hpp"

#include <fmt/format.h>

#include "gpiogw/base/payload.hpp"
#include "soak_setup.hpp"

namespace gpiogw::soak {
namespace {

constexpr std::size_t kProblemsKept = 20;
constexpr std::size_t kPayloadKept = 200;  // malformed payloads can be 100 KiB

// Why this message must not happen, if it must not.
std::optional<std::string> problem_with(const std::string& topic, const std::string& payload) {
  const std::string sensors = kPrefix + "/sensor/";
  if (topic.starts_with(sensors) && topic.ends_with("/error")) {
    return fmt::format("sensor error on {}: {}", topic, payload);
  }
  if (topic == kRoom + "/" + kGatewayName) {
    for (const auto& chatter : kChatters) {
      if (payload.starts_with("@" + chatter + " ") &&
          !payload.starts_with("@" + chatter + " ok:")) {
        return fmt::format("the gateway answered a valid chat command with {}", payload);
      }
    }
  }
  return std::nullopt;
}

}  // namespace

Observer::Observer(const std::string& uri)
    : client_(uri, "soak-observer", {kPrefix + "/#", kRoom + "/+"},
              [this](const std::string& topic, const std::string& payload) {
                on_message(topic, payload);
              }) {}

void Observer::on_message(const std::string& topic, const std::string& payload) {
  const auto problem = problem_with(topic, payload);
  const std::lock_guard lock(mutex_);
  ++messages_;
  last_[topic] = payload.substr(0, kPayloadKept);
  if (problem) {
    ++problem_count_;
    if (problems_.size() < kProblemsKept) problems_.push_back(printable_line(*problem));
  }
}

std::optional<std::string> Observer::last(const std::string& topic) const {
  const std::lock_guard lock(mutex_);
  const auto found = last_.find(topic);
  if (found == last_.end()) return std::nullopt;
  return found->second;
}

std::uint64_t Observer::messages() const {
  const std::lock_guard lock(mutex_);
  return messages_;
}

std::vector<std::string> Observer::problems() const {
  const std::lock_guard lock(mutex_);
  return problems_;
}

std::uint64_t Observer::problem_count() const {
  const std::lock_guard lock(mutex_);
  return problem_count_;
}

}  // namespace gpiogw::soak
