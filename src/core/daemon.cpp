#include "gpiogw/core/daemon.hpp"

#include <cstdio>
#include <cstdlib>

#include "gpiogw/config/loader.hpp"
#include "gpiogw/config/presets.hpp"
#include "gpiogw/config/summary.hpp"
#include "gpiogw/core/event_loop.hpp"
#include "gpiogw/core/gateway.hpp"
#include "gpiogw/core/password.hpp"
#include "gpiogw/core/systemd_notifier.hpp"
#include "gpiogw/gpio/gpiod_backend.hpp"
#include "gpiogw/gpio/line_lookup.hpp"
#include "gpiogw/gpio/mock_backend.hpp"
#include "gpiogw/mqtt/paho_client.hpp"
#include "gpiogw/version.hpp"

namespace gpiogw {
namespace {

std::optional<config::Config> load(const CommandLine& command_line) {
  auto result = config::load_file(command_line.config_file);
  for (const auto& error : result.errors) std::fprintf(stderr, "%s\n", error.to_string().c_str());
  if (!result.config) {
    std::fprintf(stderr, "%zu error%s in %s\n", result.errors.size(),
                 result.errors.size() == 1 ? "" : "s", command_line.config_file.c_str());
    return std::nullopt;
  }
  auto& config = *result.config;
  if (command_line.backend) config.gpio.backend = *command_line.backend;
  if (command_line.broker) {
    // Checked by the command line already; a preset keeps the file's transport.
    config.mqtt.preset.clear();
    config.mqtt.uri = *command_line.broker;
    if (const auto* preset = config::find_preset(*command_line.broker)) {
      config.mqtt.preset = preset->name;
      config.mqtt.uri = config::preset_uri(*preset, config.mqtt.transport);
    }
  }
  return std::move(config);
}

std::unique_ptr<gpio::Backend> make_backend(const config::Gpio& gpio) {
  if (gpio.backend == config::BackendKind::mock) {
    return std::make_unique<gpio::MockBackend>(gpio::MockOptions{.sim_dir = gpio.sim_dir});
  }
  return gpio::make_gpiod_backend(gpio.chip, "gpiogw");
}

// --list-lines: what a user needs to write the [[output]] and [[input]] lines of a config.
int list_lines(config::BackendKind backend) {
  const auto chips =
      backend == config::BackendKind::mock
          ? std::vector<gpio::ChipInfo>{gpio::mock_chip(gpio::MockOptions{}.num_lines)}
          : gpio::list_gpiod_chips();
  std::fputs(gpio::format_line_listing(chips, gpio::find_auto_chip(chips)).c_str(),
             chips.empty() ? stderr : stdout);
  return chips.empty() ? kExitUnavailable : kExitOk;
}

mqtt::Options mqtt_options(const config::Config& config, std::string password) {
  const auto& mqtt = config.mqtt;
  return {.uri = mqtt.uri,
          .client_id = mqtt.client_id,
          .username = mqtt.username,
          .password = std::move(password),
          .keepalive = std::chrono::duration_cast<std::chrono::seconds>(mqtt.keepalive),
          .will_topic = Topics(config.gateway.topic_prefix).status(),
          .will_payload = "offline",
          .qos = mqtt.qos,
          .mqtt5 = mqtt.protocol == config::Protocol::v5,
          .clean_session = mqtt.clean_session,
          .session_expiry = std::chrono::duration_cast<std::chrono::seconds>(mqtt.session_expiry),
          .tls = {.ca_file = mqtt.tls.ca_file,
                  .cert_file = mqtt.tls.cert_file,
                  .key_file = mqtt.tls.key_file,
                  .insecure = mqtt.tls.insecure}};
}

// What a user must know before trusting the connection.
void warn_about_the_broker(const config::Mqtt& mqtt) {
  if (!mqtt.preset.empty()) {
    const auto* preset = config::find_preset(mqtt.preset);
    log::warning(
        "'{}' is a public test broker: anyone can read this gateway's topics and switch its "
        "outputs; never use it for real devices{}",
        mqtt.preset, preset->note.empty() ? "" : fmt::format(" ({})", preset->note));
  }
  if (mqtt.tls.insecure)
    log::warning(
        "[mqtt.tls] insecure = true: the broker's certificate and host name are NOT checked; "
        "anyone in between can read and change the traffic");
}

}  // namespace

int run(const CommandLine& command_line) {
  log::set_level(command_line.log_level);
  if (command_line.list_lines) {
    return list_lines(command_line.backend.value_or(config::BackendKind::gpiod));
  }
  const auto config = load(command_line);
  if (!config) return kExitConfig;
  if (command_line.check_only) {
    std::fputs(config::summarize(*config).c_str(), stdout);
    return kExitOk;
  }
  auto password = find_password(config->mqtt, [](const char* name) { return std::getenv(name); });
  if (const auto* problem = std::get_if<std::string>(&password)) {
    log::error("{}", *problem);
    return kExitConfig;
  }
  auto& [password_value, password_source] = std::get<Password>(password);
  log::info("gpiogw {} starting with {} ({} backend)", kVersion, config->source.string(),
            config::to_string(config->gpio.backend));
  if (!password_source.empty()) log::info("mqtt password from {}", password_source);
  warn_about_the_broker(config->mqtt);
  try {
    EventLoop loop;
    SystemdNotifier notifier(loop);
    auto backend = make_backend(config->gpio);
    const auto options = mqtt_options(*config, std::move(password_value));
    Gateway gateway(*config, *backend, loop, [&](mqtt::Handler& handler) {
      return mqtt::make_paho_client(options, loop, handler);
    });
    gateway.observe_connection(notifier);
    gateway.start();
    return loop.run();
  } catch (const gpio::GpioError& error) {
    // The line lookup names every problem at once, one a line: one log line each.
    std::string_view problems = error.what();
    for (std::size_t end; (end = problems.find('\n')) != std::string_view::npos;) {
      log::error("{}", problems.substr(0, end));
      problems.remove_prefix(end + 1);
    }
    log::error("{}", problems);
    return kExitUnavailable;
  } catch (const std::invalid_argument& error) {
    log::error("{}", error.what());
    return kExitUsage;
  } catch (const std::exception& error) {
    log::error("internal error: {}", error.what());
    return kExitSoftware;
  }
}

}  // namespace gpiogw
