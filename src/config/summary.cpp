#include "gpiogw/config/summary.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <string_view>
#include <vector>

#include "gpiogw/config/duration.hpp"

namespace gpiogw::config {
namespace {

using Row = std::vector<std::string>;

constexpr int kLabelWidth = 9;  // "outputs" plus two spaces

std::string labelled(std::string_view label, std::string_view text) {
  return fmt::format("{:<{}}{}\n", label, kLabelWidth, text);
}

// Aligned columns, the first row being the heading; the label stands left of the heading.
std::string table(std::string_view label, const std::vector<Row>& rows) {
  std::vector<std::size_t> widths(rows.front().size());
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i)
      line += i + 1 < row.size() ? fmt::format("{:<{}}  ", row[i], widths[i]) : row[i];
    text += labelled(&row == &rows.front() ? label : "", line);
  }
  return text;
}

std::string_view active(bool active_low) {
  return active_low ? "low" : "high";
}

// The safety rules that differ from the defaults, e.g. "interlock blinds +500ms, shutdown off".
std::string rules(const Output& output) {
  std::vector<std::string> rules;
  if (!output.interlock.empty()) {
    rules.push_back(output.interlock_wait > Duration::zero()
                        ? fmt::format("interlock {} +{}", output.interlock,
                                      format_duration(output.interlock_wait))
                        : fmt::format("interlock {}", output.interlock));
  }
  if (output.on_disconnect != OnDisconnect::keep) {
    rules.push_back(fmt::format("on_disconnect {} after {}", to_string(output.on_disconnect),
                                format_duration(output.disconnect_grace)));
  }
  if (output.shutdown != OnShutdown::keep) {
    rules.push_back(fmt::format("shutdown {}", to_string(output.shutdown)));
  }
  return rules.empty() ? "-" : fmt::format("{}", fmt::join(rules, ", "));
}

std::string outputs(const std::vector<Output>& outputs) {
  if (outputs.empty()) return labelled("outputs", "none");
  std::vector<Row> rows{{"name", "line", "active", "initial", "max_on", "rules"}};
  for (const Output& output : outputs) {
    rows.push_back({output.name, gpio::to_string(output.line),
                    std::string(active(output.active_low)), std::string(to_string(output.initial)),
                    output.max_on ? format_duration(*output.max_on) : "-", rules(output)});
  }
  return table("outputs", rows);
}

std::string inputs(const std::vector<Input>& inputs) {
  if (inputs.empty()) return labelled("inputs", "none");
  std::vector<Row> rows{{"name", "line", "bias", "edge", "debounce", "active"}};
  for (const Input& input : inputs) {
    rows.push_back({input.name, gpio::to_string(input.line),
                    std::string(gpio::to_string(input.bias)),
                    std::string(gpio::to_string(input.edge)), format_duration(input.debounce),
                    std::string(active(input.active_low))});
  }
  return table("inputs", rows);
}

std::string counters(const Config& config) {
  const std::vector<Counter>& counters = config.counters;
  if (counters.empty()) return "";
  std::vector<Row> rows{{"name", "line", "bias", "edge", "debounce", "per pulse", "every", "rate"}};
  for (const Counter& counter : counters) {
    rows.push_back(
        {counter.name, gpio::to_string(counter.line), std::string(gpio::to_string(counter.bias)),
         std::string(gpio::to_string(counter.edge)), format_duration(counter.debounce),
         fmt::format("{} {}", counter.per_pulse, counter.unit.empty() ? "pulse" : counter.unit),
         format_duration(counter.interval), counter.rate_unit.empty() ? "-" : counter.rate_unit});
  }
  return table("counters", rows) +
         labelled("", fmt::format("totals kept in {}",
                                  (config.gateway.state_dir / "outputs.state").string()));
}

std::string session(const Mqtt& mqtt) {
  if (mqtt.clean_session) return "clean session";
  if (mqtt.protocol == Protocol::v5)
    return fmt::format("persistent session kept for {}", format_duration(mqtt.session_expiry));
  return "persistent session";
}

// What a sensor reads, in a few words.
std::string sensor_source(const SensorSource& source) {
  struct Describe {
    std::string operator()(const RandintSensor& randint) const {
      return fmt::format("{}..{}{}", randint.min, randint.max,
                         randint.seed ? fmt::format(", seed {}", *randint.seed) : "");
    }
    std::string operator()(const CpuTempSensor& cpu_temp) const {
      return fmt::format("thermal zone {}", cpu_temp.zone);
    }
    std::string operator()(const Ds18b20Sensor& ds18b20) const {
      return ds18b20.id.empty() ? "the first 1-Wire sensor" : ds18b20.id;
    }
    std::string operator()(const IioSensor& iio) const {
      const auto* index = std::get_if<unsigned>(&iio.device);
      return fmt::format(
          "{} {}", index ? fmt::format("iio:device{}", *index) : std::get<std::string>(iio.device),
          iio.channel);
    }
    std::string operator()(const FileSensor& file) const {
      std::string text = file.path.string();
      if (file.scale != 1.0) text += fmt::format(" * {}", file.scale);
      if (file.offset != 0.0) text += fmt::format(" + {}", file.offset);
      return text;
    }
  };
  return std::visit(Describe{}, source);
}

std::string sensors(const Config& config) {
  if (config.sensors.empty()) return labelled("sensors", "none");
  std::vector<Row> rows{{"name", "kind", "reads", "interval", "topic"}};
  for (const Sensor& sensor : config.sensors) {
    rows.push_back({sensor.name, std::string(kind_name(sensor.source)),
                    sensor_source(sensor.source), format_duration(sensor.interval),
                    sensor.topic.empty()
                        ? fmt::format("{}/sensor/{}", config.gateway.topic_prefix, sensor.name)
                        : sensor.topic});
  }
  return table("sensors", rows) +
         labelled("", fmt::format("sysfs under {}", config.gateway.sysfs_root.string()));
}

std::string mqtt(const Mqtt& mqtt) {
  const std::string uris = fmt::format("{}", fmt::join(mqtt.uris, " or "));
  const std::string broker =
      mqtt.preset.empty()
          ? uris
          : fmt::format("{} (preset {}: a public test broker, never for real devices)", uris,
                        mqtt.preset);
  std::string text =
      labelled("mqtt", fmt::format("{}, client id {}, qos {}, keepalive {}", broker, mqtt.client_id,
                                   mqtt.qos, format_duration(mqtt.keepalive)));
  text += labelled("", fmt::format("{}, {}, offline buffer {}", to_string(mqtt.protocol),
                                   session(mqtt), mqtt.offline_buffer));
  std::vector<std::string> login;
  if (!mqtt.username.empty()) login.push_back(fmt::format("user {}", mqtt.username));
  // Where the password comes from, never the password.
  if (!mqtt.password_file.empty())
    login.push_back(fmt::format("password from {}", mqtt.password_file.string()));
  if (!login.empty()) text += labelled("", fmt::format("{}", fmt::join(login, ", ")));
  std::vector<std::string> tls;
  for (auto [name, file] :
       {std::pair{"ca", &mqtt.tls.ca_file}, std::pair{"cert", &mqtt.tls.cert_file},
        std::pair{"key", &mqtt.tls.key_file}}) {
    if (!file->empty()) tls.push_back(fmt::format("{} {}", name, file->string()));
  }
  if (mqtt.tls.insecure) tls.emplace_back("INSECURE: no certificate or host name checks");
  if (!tls.empty()) text += labelled("", fmt::format("tls {}", fmt::join(tls, ", ")));
  return text;
}

std::string gpio_backend(const Gpio& gpio) {
  // The chip means nothing to the mock, and the sim dir nothing to gpiod.
  if (gpio.backend == BackendKind::mock) {
    return labelled("gpio", gpio.sim_dir.empty()
                                ? std::string("mock backend, no sim dir")
                                : fmt::format("mock backend, sim dir {}", gpio.sim_dir.string()));
  }
  return labelled("gpio", fmt::format("{} backend, chip {}", to_string(gpio.backend), gpio.chip));
}

std::string percent(double value) {
  return fmt::format("{}%", value);
}

// Printed only when there are any, so that configs without PWM read as before.
std::string pwms(const std::vector<Pwm>& pwms) {
  if (pwms.empty()) return "";
  std::vector<Row> rows{{"name", "chip", "channel", "period", "range", "initial", "rules"}};
  for (const Pwm& pwm : pwms) {
    std::vector<std::string> rules;
    if (pwm.invert) rules.emplace_back("inverted");
    if (pwm.fade > Duration::zero()) rules.push_back("fade " + format_duration(pwm.fade));
    if (pwm.max_on) rules.push_back("max_on " + format_duration(*pwm.max_on));
    if (pwm.on_disconnect) {
      rules.push_back(fmt::format("on_disconnect {} after {}", percent(*pwm.on_disconnect),
                                  format_duration(pwm.disconnect_grace)));
    }
    if (pwm.shutdown != OnShutdown::keep) rules.push_back("shutdown off");
    rules.push_back(fmt::format("ha {}", to_string(pwm.component)));
    rows.push_back({pwm.name, pwm.chip, std::to_string(pwm.channel),
                    fmt::format("{}ns", pwm.period_ns),
                    fmt::format("{}..{}", percent(pwm.min), percent(pwm.max)),
                    pwm.initial ? percent(*pwm.initial) : "restore",
                    fmt::format("{}", fmt::join(rules, ", "))});
  }
  return table("pwm", rows);
}

// Only the inputs with button events, and only when there are any.
std::string buttons(const std::vector<Input>& inputs) {
  std::vector<Row> rows{{"name", "events", "double_click", "long_press"}};
  for (const Input& input : inputs) {
    if (input.events.empty()) continue;
    std::vector<std::string_view> events;
    for (ButtonEvent event : input.events) events.push_back(to_string(event));
    rows.push_back({input.name, fmt::format("{}", fmt::join(events, ", ")),
                    format_duration(input.double_click), format_duration(input.long_press)});
  }
  return rows.size() == 1 ? "" : table("buttons", rows);
}

std::string local_rules(const std::vector<Rule>& rules) {
  std::string text;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    text += labelled(
        i == 0 ? "rules" : "",
        fmt::format("{}: {} -> {}{}", i + 1, rules[i].when, rules[i].action,
                    rules[i].only == RuleOnly::disconnected ? " (only disconnected)" : ""));
  }
  return text;
}

std::string chat(const std::optional<Chat>& chat) {
  if (!chat) return labelled("chat", "off");
  return labelled(
      "chat", fmt::format("room {} as '{}', commands from {}", chat->room, chat->name,
                          chat->allow.empty() ? std::string("anyone in the room")
                                              : fmt::format("{}", fmt::join(chat->allow, ", "))));
}

}  // namespace

std::string summarize(const Config& config) {
  const bool restores =
      std::ranges::any_of(
          config.outputs,
          [](const Output& output) { return output.initial == Initial::restore; }) ||
      std::ranges::any_of(config.pwms, [](const Pwm& pwm) { return !pwm.initial; });
  return labelled("config", config.source.string()) +
         labelled("gateway", fmt::format("{}, topics under {}/", config.gateway.name,
                                         config.gateway.topic_prefix)) +
         (restores
              ? labelled("", fmt::format("restores outputs from {}",
                                         (config.gateway.state_dir / "outputs.state").string()))
              : "") +
         mqtt(config.mqtt) + gpio_backend(config.gpio) + outputs(config.outputs) +
         inputs(config.inputs) + buttons(config.inputs) + local_rules(config.rules) +
         counters(config) + sensors(config) + pwms(config.pwms) + chat(config.chat) +
         labelled("ha", config.homeassistant.discovery
                            ? fmt::format("discovery under {}/", config.homeassistant.prefix)
                            : std::string("discovery off"));
}

}  // namespace gpiogw::config
