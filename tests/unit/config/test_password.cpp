#include "gpiogw/config/password.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <map>

#include "temp_dir.hpp"

using Catch::Matchers::ContainsSubstring;
using gpiogw::find_password;
using gpiogw::Password;
namespace fs = std::filesystem;

namespace {

// A private folder for password files, removed afterwards.
struct Folder {
  fs::path write(const std::string& name, const std::string& text) const {
    gpiogw::test::write_file(dir / name, text);
    return dir / name;
  }
  gpiogw::test::TempDir dir{"gpiogw-password"};
  const fs::path& path = dir.path();
};

struct Environment {
  std::map<std::string, std::string> variables;
  const char* operator()(const char* name) const {
    const auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  }
};

gpiogw::config::Mqtt mqtt_with(const std::string& username, const fs::path& password_file = {}) {
  gpiogw::config::Mqtt mqtt;
  mqtt.username = username;
  mqtt.password_file = password_file;
  return mqtt;
}

Password found(const std::variant<Password, std::string>& result) {
  if (const auto* error = std::get_if<std::string>(&result)) FAIL(*error);
  return std::get<Password>(result);
}

}  // namespace

TEST_CASE("without any source there is no password", "[core][password]") {
  const Password password = found(find_password(mqtt_with(""), Environment{}));
  CHECK(password.value.empty());
  CHECK(password.source.empty());
}

TEST_CASE("the password comes from the environment, the file or the systemd credential",
          "[core][password]") {
  const Folder folder;
  const fs::path file = folder.write("file", "from-file\r\nsecond line\n");
  folder.write("mqtt-password", "from-credential\n");
  Environment environment{{{"CREDENTIALS_DIRECTORY", folder.path.string()}}};

  // The credential is the last resort.
  CHECK(found(find_password(mqtt_with("alice"), environment)).value == "from-credential");
  // The file's first line, without its line ending.
  const Password from_file = found(find_password(mqtt_with("alice", file), environment));
  CHECK(from_file.value == "from-file");
  CHECK(from_file.source == file.string());
  // The environment wins over both.
  environment.variables["GPIOGW_MQTT_PASSWORD"] = "from-env";
  const Password from_environment = found(find_password(mqtt_with("alice", file), environment));
  CHECK(from_environment.value == "from-env");
  CHECK(from_environment.source == "GPIOGW_MQTT_PASSWORD");
  // An empty variable counts as unset.
  environment.variables["GPIOGW_MQTT_PASSWORD"] = "";
  CHECK(found(find_password(mqtt_with("alice", file), environment)).value == "from-file");
}

TEST_CASE("a missing or empty password file is an error that names it, not the password",
          "[core][password]") {
  const Folder folder;
  const auto missing = find_password(mqtt_with("alice", folder.path / "nope"), Environment{});
  REQUIRE(std::holds_alternative<std::string>(missing));
  CHECK_THAT(std::get<std::string>(missing), ContainsSubstring("cannot read the password file") &&
                                                 ContainsSubstring("No such file or directory"));

  const auto empty = find_password(mqtt_with("alice", folder.write("empty", "\n")), Environment{});
  REQUIRE(std::holds_alternative<std::string>(empty));
  CHECK_THAT(std::get<std::string>(empty), ContainsSubstring("is empty"));
}

TEST_CASE("a password without a username is refused without showing it", "[core][password]") {
  const Environment environment{{{"GPIOGW_MQTT_PASSWORD", "s3cret-value"}}};
  const auto result = find_password(mqtt_with(""), environment);
  REQUIRE(std::holds_alternative<std::string>(result));
  const std::string& error = std::get<std::string>(result);
  CHECK_THAT(error, ContainsSubstring("GPIOGW_MQTT_PASSWORD") &&
                        ContainsSubstring("username is empty") &&
                        !ContainsSubstring("s3cret-value"));
}
