#include "gpiogw/homeassistant/announcer.hpp"

#include <fmt/format.h>

#include "gpiogw/base/log.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/homeassistant/discovery.hpp"

namespace gpiogw::homeassistant {

Announcer::Announcer(const config::Config& config, const Topics& topics, EventLoop& loop,
                     Publish publish, std::function<void()> republish_states)
    : config_(config),
      topics_(topics),
      publish_(std::move(publish)),
      republish_states_(std::move(republish_states)),
      node_(node_id(config.gateway.name, read_machine_id())),
      board_(read_board(config.gateway.sysfs_root)),
      random_(std::random_device{}()),
      birth_timer_(loop.make_timer([this] {
        announce();
        republish_states_();
      })) {}

std::string Announcer::birth_topic() const {
  return homeassistant::birth_topic(config_.homeassistant.prefix);
}

std::string Announcer::config_subscription() const {
  return config_filter(config_.homeassistant.prefix, node_);
}

bool Announcer::is_own_config(std::string_view topic) const {
  return topic.starts_with(config_.homeassistant.prefix + "/") && topic.ends_with("/config") &&
         topic.find("/" + node_ + "/") != std::string_view::npos;
}

void Announcer::on_connected() {
  announce();
}

void Announcer::on_birth(std::string_view payload) {
  if (!config_.homeassistant.discovery || payload != "online" || birth_timer_.armed()) return;
  std::uniform_int_distribution<long> delay(kBirthDelayMin.count(), kBirthDelayMax.count());
  const std::chrono::milliseconds wait(delay(random_));
  log::info("Home Assistant is online: announcing again in {} ms", wait.count());
  birth_timer_.arm_after(wait);
}

void Announcer::on_config(const std::string& topic, std::string_view payload, bool retained) {
  // Only a retained config from before (not the echo of what we just announced) can be stale.
  if (!retained || payload.empty() || announced_.contains(topic)) return;
  // Two levels of the topic are anyone's choice: shown bounded and printable.
  log::info("Home Assistant: removing {} (no longer in the config)", printable_excerpt(topic, 256));
  publish_(topic, "");
}

void Announcer::announce() {
  // Off: nothing is announced, so every config found under our node (announced while discovery
  // was on) is removed by on_config().
  if (!config_.homeassistant.discovery) return;
  const auto messages = discovery_configs(config_, topics_, node_, board_);
  for (const auto& message : messages) {
    publish_(message.topic, message.payload);
    announced_.insert(message.topic);
  }
  log::info("Home Assistant: announced {} entities as device {}", messages.size(), node_);
}

}  // namespace gpiogw::homeassistant
