#include "gpiogw/tools/forget.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <cstdio>
#include <string>
#include <vector>

#include "gpiogw/base/exit_codes.hpp"
#include "gpiogw/config/homeassistant_topics.hpp"
#include "gpiogw/config/topics.hpp"
#include "gpiogw/homeassistant/discovery.hpp"
#include "session.hpp"

namespace gpiogw::tools {
namespace {

// The first node of a list: a cluster that shares retained messages shows them all on every node.
BrokerOptions broker_options(const config::Mqtt& mqtt) {
  return {.uri = mqtt.uris.front(),
          .username = mqtt.username,
          .password_file = mqtt.password_file,
          .ca_file = mqtt.tls.ca_file,
          .cert_file = mqtt.tls.cert_file,
          .key_file = mqtt.tls.key_file,
          .insecure = mqtt.tls.insecure,
          .qos = mqtt.qos,
          .mqtt5 = mqtt.protocol == config::Protocol::v5};
}

}  // namespace

int forget(const config::Config& config) {
  const Topics topics(config.gateway.topic_prefix);
  const std::string node =
      homeassistant::node_id(config.gateway.name, homeassistant::read_machine_id());
  const std::string discovery = homeassistant::config_filter(config.homeassistant.prefix, node);
  std::vector<std::string> filters{topics.prefix() + "/#", discovery};
  for (const auto& sensor : config.sensors) {
    if (sensor.retain && !sensor.topic.empty()) filters.push_back(sensor.topic);
  }
  // The broker sends the retained messages of a subscription before anything published after it
  // is confirmed: once this comes back, all of them are in.
  const std::string marker = fmt::format("{}/forget/{}", topics.prefix(), getpid());
  Session session("gpiogw --forget", broker_options(config.mqtt),
                  fmt::format("gpiogw-forget-{}-{}", config.gateway.name, getpid()), filters);
  std::vector<std::string> retained_topics;
  bool online = false;
  const auto done = [&] {
    if (online) {
      session.say(fmt::format(
          "gateway '{}' is online ({} says so): stop it first, or it announces everything again; "
          "nothing was removed",
          config.gateway.name, topics.status()));
      return session.finish(kExitUnavailable);
    }
    std::size_t configs = 0;
    for (const auto& topic : retained_topics) {
      session.publish(topic, "", true);
      if (topic.ends_with("/config") && topic.find("/" + node + "/") != std::string::npos)
        ++configs;
    }
    std::printf(
        "removed %zu retained messages from %s: %zu Home Assistant configs of device %s under "
        "%s/, %zu other topics of gateway '%s' under %s/ and its sensors' own\n",
        retained_topics.size(), config.mqtt.uris.front().c_str(), configs, node.c_str(),
        config.homeassistant.prefix.c_str(), retained_topics.size() - configs,
        config.gateway.name.c_str(), topics.prefix().c_str());
    session.finish(kExitOk);
  };
  return session.run({.ready = [&] { session.publish(marker, "done"); },
                      .message =
                          [&](const std::string& topic, const std::string& payload, bool retained) {
                            if (topic == marker) return done();
                            if (!retained || payload.empty()) return;
                            if (topic == topics.status() && payload == "online") online = true;
                            retained_topics.push_back(topic);
                          }});
}

}  // namespace gpiogw::tools
