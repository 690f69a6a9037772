#include "commander.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <numeric>

#include "pick.hpp"

namespace gpiogw::soak {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kFailuresKept = 20;
// The gateway lets a member send 5 commands at once, then one every 2 s; with one command on its
// way at a time and 3 s between sends a member never comes near it, however the broker bunches
// the lines (e.g. after an outage).
constexpr auto kChatSpacing = 3s;

// The many ways to say it that the gateway accepts (it ignores case and surrounding blanks).
constexpr std::array kOn{"ON", "on", "On", "1", "true", "TRUE", " on ", "on\n"};
constexpr std::array kOff{"OFF", "off", "Off", "0", "false", "False", " off\t"};
constexpr std::array kToggle{"TOGGLE", "toggle", "Toggle"};

const char* on_off(bool on) {
  return on ? "ON" : "OFF";
}

}  // namespace

Commander::Commander(const test::GatewayProcess& gateway, SoakClient& client, std::uint64_t seed)
    : gateway_(gateway), client_(client), random_(seed) {
  for (const auto& output : soak_outputs()) {
    tracks_.push_back({.output = output, .commanded = output.initially_on});
  }
  for (const auto& name : kChatters) chatters_.push_back({.name = name});
}

std::chrono::microseconds Commander::step() {
  const std::lock_guard lock(mutex_);
  bool moved = count_acknowledgements();
  std::vector<std::size_t> order(tracks_.size());
  std::iota(order.begin(), order.end(), 0);
  std::ranges::shuffle(order, random_);
  for (const std::size_t index : order) {
    Track& track = tracks_[index];
    moved = observe(track) || moved;
    if (!paused_ && !track.on_its_way && client_.connected()) {
      send(track);
      moved = true;
    }
  }
  return moved ? 0us : 500us;
}

bool Commander::count_acknowledgements() {
  const auto erased = std::erase_if(unacknowledged_, [this](const auto& sent) {
    const auto& [token, description] = sent;
    if (!token->is_complete()) return false;
    if (token->get_return_code() == 0) {
      ++stats_.acknowledged;
    } else {
      fail(fmt::format("{} was not acknowledged by the broker (code {})", description,
                       token->get_return_code()));
    }
    return true;
  });
  return erased > 0;
}

bool Commander::observe(Track& track) {
  bool moved = false;
  const bool level = gateway_.sim_value(track.output.line) == "1";
  const bool on = level != track.output.active_low;
  if (track.on_its_way) {
    if (on == track.commanded) {
      track.on_its_way = false;
      ++stats_.applied;
      if (track.chatter) chatters_[*track.chatter].busy = false;
      track.chatter.reset();
      moved = true;
    }
  } else if (on != track.commanded) {
    fail(fmt::format("output '{}' went {} with no command on its way (the last one: {})",
                     track.output.name, on_off(on), track.description));
    track.commanded = on;  // report each stray change once
  }
  return moved;
}

void Commander::send(Track& track) {
  const bool target = !track.commanded;
  const std::string& name = track.output.name;
  const bool toggle =
      toggles_ && std::uniform_int_distribution<int>(0, 4)(random_) == 0;  // one in five
  const int roll = std::uniform_int_distribution<int>(0, 99)(random_);
  const auto chatter = roll < 3 ? free_chatter() : std::nullopt;
  Channel channel = roll < 13 ? Channel::cmd_topic : Channel::set_topic;
  if (chatter) channel = Channel::chat;

  std::string topic;
  std::string payload;
  const std::string word = target ? "on" : "off";
  switch (channel) {
    case Channel::set_topic:
      topic = kPrefix + "/output/" + name + "/set";
      payload = toggle ? pick(kToggle, random_) : target ? pick(kOn, random_) : pick(kOff, random_);
      break;
    case Channel::cmd_topic:
      topic = kPrefix + "/cmd";
      payload = toggle ? fmt::format("toggle {}", name) : fmt::format(" SET {}  {} ", name, word);
      break;
    case Channel::chat:
      topic = kRoom + "/" + chatters_[*chatter].name;
      payload = toggle ? fmt::format("@{}: toggle {}", kGatewayName, name)
                       : fmt::format("@{} set {} {}", kGatewayName, name, word);
      break;
  }
  auto token = client_.publish(topic, payload, 1);
  if (!token) return;  // not connected just now: the next round tries again

  track.commanded = target;
  track.on_its_way = true;
  track.toggle = toggle;
  track.sent_at = Clock::now();
  track.description = fmt::format("command #{} for '{}' ({}): {} {:?}", stats_.sent, name,
                                  on_off(target), topic, payload);
  unacknowledged_.emplace_back(std::move(token), track.description);
  ++stats_.sent;
  stats_.toggles += toggle;
  switch (channel) {
    case Channel::set_topic:
      ++stats_.by_set_topic;
      break;
    case Channel::cmd_topic:
      ++stats_.by_cmd_topic;
      break;
    case Channel::chat:
      ++stats_.by_chat;
      chatters_[*chatter].busy = true;
      chatters_[*chatter].last_sent = track.sent_at;
      track.chatter = chatter;
      break;
  }
}

std::optional<std::size_t> Commander::free_chatter() {
  const auto now = Clock::now();
  for (std::size_t i = 0; i < chatters_.size(); ++i) {
    if (!chatters_[i].busy && now - chatters_[i].last_sent >= kChatSpacing) return i;
  }
  return std::nullopt;
}

void Commander::fail(std::string what) {
  if (failures_.size() < kFailuresKept) failures_.push_back(std::move(what));
}

void Commander::pause() {
  const std::lock_guard lock(mutex_);
  paused_ = true;
}

void Commander::resume(bool toggles) {
  const std::lock_guard lock(mutex_);
  paused_ = false;
  toggles_ = toggles;
}

bool Commander::quiet() const {
  const std::lock_guard lock(mutex_);
  return paused_ && unacknowledged_.empty() &&
         std::ranges::none_of(tracks_,
                              [](const Track& track) { return track.on_its_way && track.toggle; });
}

bool Commander::settled() const {
  const std::lock_guard lock(mutex_);
  return paused_ && unacknowledged_.empty() &&
         std::ranges::none_of(tracks_, [](const Track& track) { return track.on_its_way; });
}

CommanderStats Commander::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

std::vector<std::string> Commander::failures() const {
  const std::lock_guard lock(mutex_);
  return failures_;
}

std::vector<std::string> Commander::on_their_way() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> lines;
  const auto now = Clock::now();
  for (const auto& track : tracks_) {
    if (!track.on_its_way) continue;
    lines.push_back(
        fmt::format("not carried out: {}, sent {} s ago", track.description,
                    std::chrono::duration_cast<std::chrono::seconds>(now - track.sent_at).count()));
  }
  for (const auto& [token, description] : unacknowledged_) {
    lines.push_back("not acknowledged by the broker: " + description);
  }
  return lines;
}

std::map<std::string, bool> Commander::commanded() const {
  const std::lock_guard lock(mutex_);
  std::map<std::string, bool> states;
  for (const auto& track : tracks_) states[track.output.name] = track.commanded;
  return states;
}

}  // namespace gpiogw::soak
