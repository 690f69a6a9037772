#include "gpiogw/tools/chat.hpp"

#include <unistd.h>
#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "gpiogw/base/exit_codes.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/rules.hpp"
#include "session.hpp"
#include "stdin_lines.hpp"

namespace gpiogw::tools {
namespace {

constexpr std::string_view kTool = "gpiogw-chat";
// At end of input, how long to wait for the broker to send our own last lines back.
constexpr auto kEchoWait = std::chrono::seconds(2);

std::string default_name() {
  const char* user = std::getenv("USER");
  return config::sanitize_name(user ? user : "");
}

class Chat {
 public:
  Chat(BrokerOptions broker, std::string room, std::string name)
      : room_(std::move(room)),
        own_topic_(fmt::format("{}/{}", room_, name)),
        session_(std::string(kTool), std::move(broker),
                 fmt::format("{}-{}-{}", kTool, name, getpid()), {room_ + "/+"}),
        echo_timer_(session_.loop().make_timer([this] { session_.finish(kExitOk); })) {}

  int run() {
    return session_.run({.ready = [this] { join(); },
                         .message = [this](const std::string& topic, const std::string& payload,
                                           bool) { show(topic, payload); }});
  }

 private:
  void join() {
    // Nothing can ever be typed (a service, `nohup`, `<&-`): a listener that leaves on Ctrl-C or
    // SIGTERM is what such a run is for, not one that leaves at once.
    if (stdin_is_null_device()) {
      session_.say(
          fmt::format("listening to {} only: stdin is /dev/null or closed, so nothing "
                      "is sent; Ctrl-C leaves",
                      room_));
      return;
    }
    session_.say(fmt::format("joined {} as {}; each line you type is sent, Ctrl-D leaves", room_,
                             own_topic_));
    input_.emplace(
        session_.loop(), [this](std::string_view line) { send(line); }, [this] { leave(); });
  }

  void send(std::string_view line) {
    if (line.empty()) return;
    session_.publish(own_topic_, line);
    ++unechoed_;
  }

  void show(const std::string& topic, const std::string& payload) {
    std::printf("%s -> %s\n", printable_line(topic).c_str(), printable_line(payload).c_str());
    std::fflush(stdout);  // one line at a time, also into a pipe
    if (topic == own_topic_ && unechoed_ > 0 && --unechoed_ == 0 && leaving_)
      session_.finish(kExitOk);
  }

  // End of input: leave once our own lines have come back, so a pipe sees them printed.
  void leave() {
    leaving_ = true;
    if (unechoed_ == 0)
      session_.finish(kExitOk);
    else
      echo_timer_.arm_after(kEchoWait);
  }

  std::string room_;
  std::string own_topic_;
  Session session_;
  EventLoop::Timer echo_timer_;
  std::optional<StdinLines> input_;
  std::size_t unechoed_ = 0;
  bool leaving_ = false;
};

}  // namespace

int run_chat(int argc, const char* const* argv) {
  CLI::App app{
      "gpiogw-chat: the tutorial's MQTT chat. Prints 'topic -> message' for every "
      "message in the room (yours too) and sends each line of stdin; leaves at end of input. "
      "With stdin /dev/null or closed it only listens, until Ctrl-C or SIGTERM.",
      std::string(kTool)};
  describe_tool(app, kTool);
  BrokerOptions broker;
  add_broker_options(app, broker);
  std::string room = "asm/chatt";
  std::string name = default_name();
  app.add_option("-r,--room", room, "Room: members publish on <room>/<name>, read <room>/+")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& text) { return config::check_topic(text).value_or(std::string()); },
          "TOPIC"));
  app.add_option("-n,--name", name, "Your name in the room (default: $USER)")
      ->check(CLI::Validator(
          [](std::string& text) { return config::check_name(text).value_or(std::string()); },
          "NAME"));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kExitOk : kExitUsage;
  }
  return Chat(std::move(broker), std::move(room), std::move(name)).run();
}

}  // namespace gpiogw::tools
