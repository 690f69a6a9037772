#pragma once
// Which handler an incoming message goes to, and what to subscribe for that. Built once from the
// model (a command topic per output, <prefix>/cmd, the chat room, Home Assistant's topics); after
// that it only routes. It also holds the retained-command rule: a retained message on a command
// topic is never carried out.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gpiogw/gateway/subscription.hpp"

namespace gpiogw {

class TopicRouter {
 public:
  using CommandHandler = std::function<void(const std::string& topic, const std::string& payload)>;
  using StateHandler =
      std::function<void(const std::string& topic, const std::string& payload, bool retained)>;
  using Matches = std::function<bool(std::string_view topic)>;

  // Commands on exactly `topic`.
  void add_command(std::string topic, CommandHandler handle);
  // Commands on the topics under the subscription `filter` that `matches` accepts.
  void add_commands(std::string filter, Matches matches, CommandHandler handle);
  // Not a command: what others keep retained (Home Assistant's birth, our own discovery configs).
  // The handler sees the retained flag and decides.
  void add_state(std::string filter, Matches matches, StateHandler handle);

  // Every subscription, in the order the routes were added. Commands ask for
  // RetainFlag::as_published, so that with MQTT 5 a live retained command is known as one too.
  const std::vector<Subscription>& subscriptions() const { return subscriptions_; }

  // Hands the message to its route. A retained one on a command topic is logged and dropped.
  void route(const std::string& topic, const std::string& payload, bool retained) const;

 private:
  struct FilterRoute {
    Matches matches;
    CommandHandler handle;
  };
  struct StateRoute {
    Matches matches;
    StateHandler handle;
  };

  std::vector<Subscription> subscriptions_;
  std::unordered_map<std::string, CommandHandler> commands_;
  std::vector<FilterRoute> command_filters_;
  std::vector<StateRoute> states_;
};

}  // namespace gpiogw
