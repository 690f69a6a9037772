#include "gpiogw/app/cli.hpp"

#include <CLI/CLI.hpp>

#include <map>

#include "gpiogw/config/presets.hpp"
#include "gpiogw/version.hpp"

namespace gpiogw {

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
  const std::map<std::string, config::BackendKind> backends{{"mock", config::BackendKind::mock},
                                                            {"gpiod", config::BackendKind::gpiod}};
  app.add_option("--backend", line.backend, "GPIO backend, overrides [gpio] backend")
      ->transform(CLI::CheckedTransformer(backends, CLI::ignore_case));
  app.add_option("--broker", line.broker, "Broker URI or preset, overrides [mqtt] uri")
      ->check(CLI::Validator(
          [](std::string& uri) { return config::check_broker(uri).value_or(std::string()); },
          "URI"));
  const std::map<std::string, log::Level> levels{{"debug", log::Level::debug},
                                                 {"info", log::Level::info},
                                                 {"warning", log::Level::warning},
                                                 {"error", log::Level::error}};
  app.add_option("--log-level", line.log_level, "debug, info, warning or error")
      ->transform(CLI::CheckedTransformer(levels, CLI::ignore_case))
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
