#include "gpiogw/app/cli.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

#include "gpiogw/config/presets.hpp"
#include "gpiogw/version.hpp"

namespace gpiogw {
namespace {

template <typename Enum>
using Words = std::vector<std::pair<std::string, Enum>>;

// An option that takes one of `words` (any case) and nothing else, shown in --help as the words,
// e.g. "gpiod|mock". CLI11's CheckedTransformer would also take the enum's numbers and show its
// mapping ("ENUM:value in {gpiod->0,mock->1} OR {0,1}").
template <typename Enum, typename Target>
CLI::Option* add_word_option(CLI::App& app, const std::string& name, Target& target,
                             Words<Enum> words, const std::string& help) {
  std::string choices;
  for (const auto& [word, value] : words) choices += (choices.empty() ? "" : "|") + word;
  const auto to_value = [words = std::move(words), choices](std::string& input) -> std::string {
    const std::string typed = CLI::detail::to_lower(input);
    for (const auto& [word, value] : words) {
      if (typed == word) {
        input = std::to_string(static_cast<int>(value));
        return {};
      }
    }
    return input + " is not one of " + choices;
  };
  return app.add_option(name, target, help)
      ->transform(CLI::Validator(to_value, ""))
      ->type_name(choices);
}

}  // namespace

std::variant<CommandLine, int> parse_command_line(int argc, const char* const* argv) {
  CommandLine line;
  CLI::App app{"gpiogw: drives GPIO lines and reports inputs over MQTT.", "gpiogw"};
  app.footer(
      "Exit codes: 0 ok, 64 usage, 69 GPIO chip or line unavailable, 78 bad config.\n"
      "Documentation: README.md; every config key: /etc/gpiogw/gpiogw.toml");
  app.set_version_flag("--version", std::string("gpiogw ") + kVersion);
  app.add_option("-c,--config", line.config_file, "Config file (TOML)")->capture_default_str();
  std::string check_file;
  auto* check = app.add_option("--check-config", check_file,
                               "Validate the config (FILE, or the --config file), print a "
                               "summary and exit")
                    ->expected(0, 1)
                    ->type_name("[FILE]");
  app.add_flag("--list-lines", line.list_lines,
               "Print every GPIO chip and line (offset, name, free or in use and by whom) and "
               "exit; reads no config (--backend mock lists the mock's chip)");
  app.add_flag("--list-pwm", line.list_pwm,
               "Print every PWM chip under [gateway] sysfs_root (its device name for chip = and "
               "its channels) and exit; reads the --config file only when it exists, else /sys");
  app.add_flag("--forget", line.forget,
               "Remove everything this gateway retained on the broker (Home Assistant configs, "
               "states, status) and exit; for uninstalling; the gateway must be stopped");
  add_word_option<config::BackendKind>(
      app, "--backend", line.backend,
      {{"gpiod", config::BackendKind::gpiod}, {"mock", config::BackendKind::mock}},
      "GPIO backend, overrides [gpio] backend");
  app.add_option("--broker", line.broker, "Broker URI or preset, overrides [mqtt] uri")
      ->check(CLI::Validator(
          [](std::string& uri) { return config::check_broker(uri).value_or(std::string()); },
          "URI"));
  add_word_option<log::Level>(app, "--log-level", line.log_level,
                              {{"debug", log::Level::debug},
                               {"info", log::Level::info},
                               {"warning", log::Level::warning},
                               {"error", log::Level::error}},
                              "Log level")
      ->default_str("info");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (check->count() > 0) {
    line.check_only = true;
    if (!check_file.empty()) line.config_file = check_file;
  }
  return line;
}

}  // namespace gpiogw
