#pragma once
// gpiogw run as a process on the mock backend, with a temp config and sim_dir.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "process.hpp"
#include "temp_dir.hpp"

namespace gpiogw::test {

// Outputs relay1 (line 17) and lamp (line GPIO22, active-low, initially on); input door (line 27,
// pull-up, active-low, 150 ms debounce). Topic prefix "gpiogw/test". `mqtt_extra` goes at the end
// of the [mqtt] table: more keys, and tables such as [mqtt.tls]. Sensors read their sysfs files
// under `sysfs_root` when it is given; append [[sensor]] tables to add them.
std::string standard_config(const std::string& broker_uri, const std::filesystem::path& sim_dir,
                            const std::string& mqtt_extra = "",
                            const std::filesystem::path& sysfs_root = {});

// The standard config's topics.
namespace standard_topics {
inline const std::string kPrefix = "gpiogw/test";
inline const std::string kStatus = kPrefix + "/status";
inline const std::string kRelay = kPrefix + "/output/relay1";
inline const std::string kLamp = kPrefix + "/output/lamp";
inline const std::string kDoor = kPrefix + "/input/door";
}  // namespace standard_topics

class GatewayProcess {
 public:
  // Starts gpiogw with `config_text` written to <dir>/gpiogw.toml and `environment` (NAME=VALUE
  // entries) added to its environment, logging from `log_level` up.
  explicit GatewayProcess(const std::string& config_text,
                          const std::vector<std::string>& environment = {},
                          const std::string& log_level = "debug");
  // The standard config against `broker_uri`.
  static std::unique_ptr<GatewayProcess> standard(const std::string& broker_uri,
                                                  const std::string& mqtt_extra = "");

  Process& process() { return *process_; }
  const std::filesystem::path& sim_dir() const { return sim_dir_; }
  std::string sim_value(unsigned offset) const;           // "0" or "1" (newline stripped)
  void set_pull(unsigned offset, std::string_view pull);  // like `echo pull-up > .../pull`
  std::string log() const { return process_->output(); }
  // Writes a new config over the one it started with (then send SIGHUP).
  void rewrite_config(const std::string& config_text);

 private:
  TempDir dir_{"gpiogw-gateway"};
  std::filesystem::path sim_dir_;
  std::unique_ptr<Process> process_;
};

}  // namespace gpiogw::test
