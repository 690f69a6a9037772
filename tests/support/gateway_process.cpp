#include "gateway_process.hpp"

namespace gpiogw::test {

std::string standard_config(const std::string& broker_uri, const std::filesystem::path& sim_dir,
                            const std::string& mqtt_extra,
                            const std::filesystem::path& sysfs_root) {
  const std::string sysfs =
      sysfs_root.empty() ? "" : "sysfs_root = \"" + sysfs_root.string() + "\"\n";
  return "[gateway]\nname = \"test\"\n" + sysfs +
         "\n"
         "[mqtt]\nuri = \"" +
         broker_uri + "\"\nqos = 1\n" + mqtt_extra +
         "\n"
         "[gpio]\nbackend = \"mock\"\n[gpio.mock]\nsim_dir = \"" +
         sim_dir.string() +
         "\"\n\n"
         "[[output]]\nname = \"relay1\"\nline = 17\n\n"
         "[[output]]\nname = \"lamp\"\nline = \"GPIO22\"\nactive_low = true\ninitial = \"on\"\n\n"
         "[[input]]\nname = \"door\"\nline = 27\nbias = \"pull-up\"\nactive_low = true\n"
         "debounce = \"150ms\"\n";
}

GatewayProcess::GatewayProcess(const std::string& config_text,
                               const std::vector<std::string>& environment,
                               const std::string& log_level)
    : sim_dir_(dir_ / "sim") {
  write_file(dir_ / "gpiogw.toml", config_text);
  process_ = std::make_unique<Process>(
      std::vector<std::string>{GPIOGW_BINARY, "--config", (dir_ / "gpiogw.toml").string(),
                               "--log-level", log_level},
      dir_ / "gpiogw.log", environment);
}

std::unique_ptr<GatewayProcess> GatewayProcess::standard(const std::string& broker_uri,
                                                         const std::string& mqtt_extra) {
  // The sim dir must be inside the gateway's own temp dir, which exists only once it is built:
  // the config names it by the well-known relative name "sim", resolved from the config's folder.
  return std::make_unique<GatewayProcess>(standard_config(broker_uri, "sim", mqtt_extra));
}

std::string GatewayProcess::sim_value(unsigned offset) const {
  auto text = read_file(sim_dir_ / ("sim_gpio" + std::to_string(offset)) / "value");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

void GatewayProcess::rewrite_config(const std::string& config_text) {
  write_file(dir_ / "gpiogw.toml", config_text);
}

void GatewayProcess::set_pull(unsigned offset, std::string_view pull) {
  write_file(sim_dir_ / ("sim_gpio" + std::to_string(offset)) / "pull", std::string(pull) + "\n");
}

}  // namespace gpiogw::test
