#pragma once
// The gateway under soak: 8 outputs, 8 inputs and 4 sensors on the mock backend, a chat room,
// short sensor intervals; its TOML config and the names and lines the test drives.

#include <filesystem>
#include <string>
#include <vector>

namespace gpiogw::soak {

inline const std::string kGatewayName = "soak";
inline const std::string kPrefix = "gpiogw/soak";
inline const std::string kRoom = "soak/chat";
// The chat members allowed to command; each keeps below the gateway's per-sender rate limit.
inline const std::vector<std::string> kChatters{"alice", "bob", "carol"};
// One more allowed member, who only ever sends broken commands (at most one per 3 s, so the rate
// limiter lets each through to be judged).
inline const std::string kCarelessMember = "erin";

struct SoakOutput {
  std::string name;
  unsigned line;
  bool active_low;
  bool initially_on;
};

struct SoakInput {
  std::string name;
  unsigned line;
  bool active_low;
};

std::vector<SoakOutput> soak_outputs();
std::vector<SoakInput> soak_inputs();

// Where the file-backed sensors read: a thermal zone under `sysfs_root` and a plain file.
struct SensorFiles {
  std::filesystem::path cpu_temp;  // millidegrees, published in degrees
  std::filesystem::path battery;   // a number, published as it is
};
SensorFiles sensor_files(const std::filesystem::path& root);

// The sensors' names: two randint, the cpu_temp and the file sensor.
inline const std::vector<std::string> kSensors{"dice", "coin", "cpu", "battery"};

std::string soak_config(const std::string& broker_uri, const std::filesystem::path& root);

}  // namespace gpiogw::soak
