#include "gpiogw/app/daemon.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <utility>

#include "gpiogw/app/daemon_signals.hpp"
#include "gpiogw/app/systemd_notifier.hpp"
#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/base/log.hpp"
#include "gpiogw/config/loader.hpp"
#include "gpiogw/config/password.hpp"
#include "gpiogw/config/presets.hpp"
#include "gpiogw/config/summary.hpp"
#include "gpiogw/gateway/gateway.hpp"
#include "gpiogw/gpio/gpiod_backend.hpp"
#include "gpiogw/gpio/line_lookup.hpp"
#include "gpiogw/gpio/mock_backend.hpp"
#include "gpiogw/mqtt/paho_client.hpp"
#include "gpiogw/pwm/sysfs.hpp"
#include "gpiogw/rules/rules.hpp"
#include "gpiogw/tools/forget.hpp"
#include "gpiogw/version.hpp"

namespace gpiogw {
namespace {

// The config file with the command line's overrides; its errors go to `report`, each with its
// file:line:col, then how many there were.
std::optional<config::Config> load(const CommandLine& command_line,
                                   const std::function<void(const std::string&)>& report) {
  auto result = config::load_file(command_line.config_file);
  // A rule's `do` is a chat command: checked here, where the chat parser may be used.
  if (result.config) {
    result.errors = rules::check(*result.config);
    if (!result.errors.empty()) result.config.reset();
  }
  for (const auto& error : result.errors) report(error.to_string());
  if (!result.config) {
    report(fmt::format("{} error{} in {}", result.errors.size(),
                       result.errors.size() == 1 ? "" : "s", command_line.config_file));
    return std::nullopt;
  }
  auto& config = *result.config;
  if (command_line.backend) config.gpio.backend = *command_line.backend;
  if (command_line.broker) {
    // Checked by the command line already; a preset keeps the file's transport.
    config.mqtt.preset.clear();
    config.mqtt.uris = {*command_line.broker};
    if (const auto* preset = config::find_preset(*command_line.broker)) {
      config.mqtt.preset = preset->name;
      config.mqtt.uris = {config::preset_uri(*preset, config.mqtt.transport)};
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

// --list-pwm: what a user needs to write a [[pwm]] entry's chip and channel.
int list_pwm(const std::filesystem::path& sysfs_root) {
  const auto chips = pwm::list_chips(sysfs_root);
  std::fputs(pwm::format_chip_listing(chips, sysfs_root).c_str(), chips.empty() ? stderr : stdout);
  return chips.empty() ? kExitUnavailable : kExitOk;
}

mqtt::Options mqtt_options(const config::Config& config, std::string password) {
  const auto& mqtt = config.mqtt;
  return {.uri = mqtt.uris.front(),  // what Paho is made with; each attempt names its node
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

// The running daemon: the backend, the gateway and what the signals do (daemon_signals.hpp).
class Service {
 public:
  Service(const CommandLine& command_line, config::Config config, std::string password,
          EventLoop& loop, SystemdNotifier& notifier)
      : command_line_(command_line),
        loop_(loop),
        notifier_(notifier),
        config_(std::make_unique<config::Config>(std::move(config))),
        options_(mqtt_options(*config_, std::move(password))),
        backend_(make_backend(config_->gpio)),
        gateway_(make_gateway(nullptr)) {
    for (const auto& handled : daemon_signals()) {
      // qemu-user keeps a few real-time signals for itself: they cannot be blocked, nor reach
      // us. Any other signal that is not blocked still fails loudly in on_signal().
      if (handled.number >= SIGRTMIN && !signal_blocked(handled.number)) {
        log::debug("{} is the emulator's own: left at its default", signal_name(handled.number));
        continue;
      }
      signals_.push_back(loop.on_signal(handled.number, [this, handled] { on_signal(handled); }));
    }
    gateway_->start();
  }

 private:
  void on_signal(HandledSignal handled) {
    const auto name = signal_name(handled.number);
    switch (handled.action) {
      case SignalAction::stop:
        return gateway_->stop(name);
      case SignalAction::report:
        return gateway_->report_status();
      case SignalAction::reload:
        return reload(name);
    }
  }

  std::unique_ptr<Gateway> make_gateway(Handover* handover) {
    auto gateway = std::make_unique<Gateway>(
        *config_, *backend_, loop_,
        [this](mqtt::Handler& handler) { return mqtt::make_paho_client(options_, loop_, handler); },
        handover);
    gateway->observe_connection(notifier_);
    return gateway;
  }

  // An invalid config, or one whose change needs a restart, leaves the running one as it is.
  void reload(std::string_view signal) {
    log::info("{}: reloading {}", signal, command_line_.config_file);
    auto next = load(command_line_, [](const std::string& line) { log::error("{}", line); });
    if (!next) {
      log::error("reload: the running configuration stays");
      return;
    }
    if (*next == *config_) {
      log::info("reload: nothing changed");
      return;
    }
    if (next->gpio != config_->gpio) {
      log::error(
          "reload: [gpio] changed (backend, chip or sim_dir), which takes a restart "
          "(systemctl restart gpiogw); the running configuration stays");
      return;
    }
    auto password = find_password(next->mqtt, [](const char* name) { return std::getenv(name); });
    if (const auto* problem = std::get_if<std::string>(&password)) {
      log::error("reload: {}; the running configuration stays", *problem);
      return;
    }
    notifier_.reloading();
    if (next->mqtt != config_->mqtt) warn_about_the_broker(next->mqtt);
    Handover handover = gateway_->hand_over();
    gateway_.reset();
    auto previous = std::exchange(config_, std::make_unique<config::Config>(std::move(*next)));
    auto previous_options = std::exchange(
        options_, mqtt_options(*config_, std::move(std::get<Password>(password).value)));
    try {
      gateway_ = make_gateway(&handover);
    } catch (const gpio::GpioError& error) {
      // The lines of the old config were free a moment ago: take them back.
      log::error("reload: {}; going back to the running configuration", error.what());
      config_ = std::move(previous);
      options_ = std::move(previous_options);
      gateway_ = make_gateway(&handover);
    }
    gateway_->start();
    notifier_.reloaded();
    log::info("reload: done");
  }

  const CommandLine& command_line_;
  EventLoop& loop_;
  SystemdNotifier& notifier_;
  std::unique_ptr<config::Config> config_;
  mqtt::Options options_;
  std::unique_ptr<gpio::Backend> backend_;
  std::unique_ptr<Gateway> gateway_;
  std::vector<EventLoop::Source> signals_;
};

}  // namespace

int run(const CommandLine& command_line) {
  log::set_level(command_line.log_level);
  if (command_line.list_lines) {
    return list_lines(command_line.backend.value_or(config::BackendKind::gpiod));
  }
  if (command_line.list_pwm && !std::filesystem::exists(command_line.config_file)) {
    return list_pwm(config::Gateway{}.sysfs_root);
  }
  auto config = load(command_line,
                     [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
  if (!config) return kExitConfig;
  if (command_line.list_pwm) return list_pwm(config->gateway.sysfs_root);
  if (command_line.check_only) {
    std::fputs(config::summarize(*config).c_str(), stdout);
    return kExitOk;
  }
  if (command_line.forget) return tools::forget(*config);
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
    Service service(command_line, std::move(*config), std::move(password_value), loop, notifier);
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
