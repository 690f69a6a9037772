#include "gpiogw/tools/randint.hpp"

#include <unistd.h>
#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <variant>

#include "gpiogw/base/exit_codes.hpp"
#include "gpiogw/base/payload.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/config/rules.hpp"
#include "gpiogw/sensors/randint.hpp"
#include "session.hpp"

namespace gpiogw::tools {
namespace {

constexpr std::string_view kTool = "gpiogw-randint";

struct Settings {
  BrokerOptions broker;
  std::string topic = "asm/randint";
  std::chrono::milliseconds interval = std::chrono::seconds(1);
  unsigned count = 0;  // 0: forever
};

// An integer payload such as "7" (surrounding whitespace allowed), or nothing.
std::optional<long long> parse_integer(std::string_view payload) {
  while (!payload.empty() && std::isspace(static_cast<unsigned char>(payload.front())))
    payload.remove_prefix(1);
  while (!payload.empty() && std::isspace(static_cast<unsigned char>(payload.back())))
    payload.remove_suffix(1);
  long long value = 0;
  const auto [end, error] = std::from_chars(payload.data(), payload.data() + payload.size(), value);
  if (payload.empty() || error != std::errc{} || end != payload.data() + payload.size())
    return std::nullopt;
  return value;
}

// Publishes a random integer 0..10 now and then every interval, keeping the phase.
int publish(const Settings& settings) {
  Session session(std::string(kTool), settings.broker, fmt::format("{}-pub-{}", kTool, getpid()),
                  {});
  sensors::Randint random(config::RandintSensor{});
  unsigned sent = 0;
  auto due = session.loop().now();
  EventLoop::Timer timer = session.loop().make_timer([&] {
    const std::string value = sensor_payload(std::get<double>(random.read()), 0);
    session.publish(settings.topic, value);
    std::printf("%s\n", value.c_str());
    std::fflush(stdout);
    if (settings.count != 0 && ++sent == settings.count) return session.finish(kExitOk);
    due += settings.interval;
    timer.arm_at(due);
  });
  return session.run({.ready =
                          [&] {
                            due = session.loop().now();
                            timer.arm_at(due);
                          },
                      .message = {}});
}

// Prints each payload on the topic as an integer; anything else is reported on stderr.
int subscribe(const Settings& settings) {
  Session session(std::string(kTool), settings.broker, fmt::format("{}-sub-{}", kTool, getpid()),
                  {settings.topic});
  unsigned received = 0;
  return session.run(
      {.ready = [&] { session.say(fmt::format("waiting for integers on {}", settings.topic)); },
       .message =
           [&](const std::string& topic, const std::string& payload, bool) {
             const auto value = parse_integer(payload);
             if (!value) {
               session.say(fmt::format("{}: payload {} is not an integer", topic,
                                       printable_excerpt(payload)));
               return;
             }
             std::printf("%lld\n", *value);
             std::fflush(stdout);
             if (settings.count != 0 && ++received == settings.count) session.finish(kExitOk);
           }});
}

}  // namespace

int run_randint(int argc, const char* const* argv) {
  CLI::App app{"gpiogw-randint: the tutorial's random-integer publisher and subscriber.",
               std::string(kTool)};
  describe_tool(app, kTool);
  app.require_subcommand(1);
  Settings settings;
  std::string interval = "1s";
  auto* pub = app.add_subcommand("pub", "Publish a random integer 0..10 every interval, print it");
  auto* sub = app.add_subcommand("sub", "Print each integer published on the topic");
  for (CLI::App* command : {pub, sub}) {
    add_broker_options(*command, settings.broker);
    command
        ->add_option("-t,--topic", settings.topic,
                     command == pub ? "Topic to publish on" : "Topic to subscribe to")
        ->capture_default_str()
        ->check(CLI::Validator(
            [](std::string& text) { return config::check_topic(text).value_or(std::string()); },
            "TOPIC"));
    command->add_option("-c,--count", settings.count, "Stop after this many (default: never)");
  }
  pub->add_option("-i,--interval", interval, "Time between values, e.g. 1s or 250ms")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& text) {
            auto parsed = config::parse_duration(text);
            if (auto* problem = std::get_if<std::string>(&parsed)) return *problem;
            return std::get<std::chrono::milliseconds>(parsed).count() > 0
                       ? std::string()
                       : std::string("must be greater than 0");
          },
          "DURATION"));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kExitOk : kExitUsage;
  }
  settings.interval = std::get<std::chrono::milliseconds>(config::parse_duration(interval));
  return pub->parsed() ? publish(settings) : subscribe(settings);
}

}  // namespace gpiogw::tools
