// The gpiogw command line as a user meets it: run as a process, exit codes and messages checked.
#include <catch2/catch_test_macros.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "process.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using gpiogw::test::run_command;

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

const std::string kShippedConfig = std::string(GPIOGW_SOURCE_DIR) + "/config/gpiogw.toml";
const std::string kDemoConfig = std::string(GPIOGW_SOURCE_DIR) + "/config/demo.toml";

}  // namespace

TEST_CASE("gpiogw --help and --version describe the program", "[cli]") {
  const auto help = run_command({GPIOGW_BINARY, "--help"}, 5s);
  CHECK(help.status == 0);
  for (const char* option : {"--config", "--check-config", "--list-lines", "--backend", "--broker",
                             "--log-level", "--version", "Exit codes"}) {
    CHECK(contains(help.output, option));
  }
  // The words a user types, not CLI11's enum mapping ("ENUM:value in {gpiod->0,mock->1}").
  CHECK(contains(help.output, "--backend gpiod|mock"));
  CHECK(contains(help.output, "--log-level debug|info|warning|error"));
  CHECK_FALSE(contains(help.output, "->0"));
  CHECK_FALSE(contains(help.output, "ENUM"));
  const auto version = run_command({GPIOGW_BINARY, "--version"}, 5s);
  CHECK(version.status == 0);
  CHECK(contains(version.output, "gpiogw 0."));
}

TEST_CASE("a bad command line exits 64 with a message", "[cli]") {
  const auto unknown = run_command({GPIOGW_BINARY, "--frobnicate"}, 5s);
  CHECK(unknown.status == 64);
  CHECK(contains(unknown.output, "frobnicate"));
  const auto backend = run_command({GPIOGW_BINARY, "--backend", "gpio-sim"}, 5s);
  CHECK(backend.status == 64);
  CHECK(contains(backend.output, "gpio-sim is not one of gpiod|mock"));
  // Only the words: the enum's numbers are no backend or level.
  CHECK(run_command({GPIOGW_BINARY, "--backend", "1"}, 5s).status == 64);
  CHECK(run_command({GPIOGW_BINARY, "--log-level", "0"}, 5s).status == 64);
}

TEST_CASE("check-config accepts the shipped configs and summarizes them", "[cli]") {
  for (const auto& file : {kShippedConfig, kDemoConfig}) {
    INFO(file);
    const auto checked = run_command({GPIOGW_BINARY, "--check-config", file}, 5s);
    CHECK(checked.status == 0);
    CHECK(contains(checked.output, "relay1"));
  }
  const auto via_config =
      run_command({GPIOGW_BINARY, "--config", kDemoConfig, "--check-config"}, 5s);
  CHECK(via_config.status == 0);
}

TEST_CASE("check-config reports every error with its place and exits 78", "[cli]") {
  gpiogw::test::TempDir dir;
  gpiogw::test::write_file(dir / "bad.toml",
                           "[mqtt]\nqos = 3\n\n[[output]]\nname = \"relay1\"\nline = 17\n"
                           "initiall = \"on\"\n\n[[input]]\nname = \"relay1\"\nline = 18\n");
  const auto checked =
      run_command({GPIOGW_BINARY, "--check-config", (dir / "bad.toml").string()}, 5s);
  CHECK(checked.status == 78);
  CHECK(contains(checked.output, "bad.toml:2:7: mqtt.qos:"));
  CHECK(contains(checked.output, "did you mean 'initial'?"));
  CHECK(contains(checked.output, "input[0].name"));
  CHECK(contains(checked.output, "3 errors in"));
  const auto missing = run_command({GPIOGW_BINARY, "--check-config", "/nonexistent.toml"}, 5s);
  CHECK(missing.status == 78);
  CHECK(contains(missing.output, "/nonexistent.toml"));
}

TEST_CASE("a GPIO chip that cannot be opened exits 69 naming the chip", "[cli]") {
  gpiogw::test::TempDir dir;
  gpiogw::test::write_file(dir / "gpiogw.toml",
                           "[gateway]\nname = \"t\"\n[mqtt]\nuri = \"tcp://127.0.0.1:1\"\n"
                           "[gpio]\nbackend = \"gpiod\"\nchip = \"/dev/gpiochip-none\"\n"
                           "[[output]]\nname = \"relay1\"\nline = 17\n");
  const auto run = run_command({GPIOGW_BINARY, "--config", (dir / "gpiogw.toml").string()}, 5s);
  CHECK(run.status == 69);
  CHECK(contains(run.output, "/dev/gpiochip-none"));
}

TEST_CASE("a bad --broker is a usage error that says what is wrong", "[cli]") {
  const auto run =
      run_command({GPIOGW_BINARY, "--broker", "hivmq", "--check-config", kDemoConfig}, 5s);
  CHECK(run.status == 64);
  CHECK(contains(run.output, "--broker"));
  CHECK(contains(run.output, "did you mean 'hivemq'?"));
  CHECK(contains(run.output, "tcp://"));
}

TEST_CASE("a preset given with --broker shows in check-config", "[cli]") {
  const auto run =
      run_command({GPIOGW_BINARY, "--broker", "emqx", "--check-config", kDemoConfig}, 5s);
  CHECK(run.status == 0);
  CHECK(contains(run.output, "tcp://broker.emqx.io:1883 (preset emqx: a public test broker"));
}

TEST_CASE("check-config never shows the password", "[cli]") {
  gpiogw::test::TempDir dir;
  gpiogw::test::write_file(dir / "password", "file-secret-4711\n");
  gpiogw::test::write_file(
      dir / "gpiogw.toml",
      "[mqtt]\nuri = \"tcp://127.0.0.1:1\"\nusername = \"alice\"\n"
      "password_file = \"password\"\n"
      "[gpio]\nbackend = \"mock\"\n[[output]]\nname = \"relay1\"\nline = 17\n");
  setenv("GPIOGW_MQTT_PASSWORD", "env-secret-0815", 1);
  const auto run =
      run_command({GPIOGW_BINARY, "--check-config", (dir / "gpiogw.toml").string()}, 5s);
  unsetenv("GPIOGW_MQTT_PASSWORD");
  CHECK(run.status == 0);
  CHECK(contains(run.output, "user alice, password from " + (dir / "password").string()));
  CHECK_FALSE(contains(run.output, "secret"));
}

namespace {

// A config in `dir` whose [mqtt] password_file (line 4, column 17) names `password_file`.
std::string config_with_password_file(const gpiogw::test::TempDir& dir,
                                      const std::filesystem::path& password_file) {
  const auto config = dir / "gpiogw.toml";
  gpiogw::test::write_file(
      config, "[mqtt]\nuri = \"tcp://127.0.0.1:1\"\nusername = \"alice\"\npassword_file = \"" +
                  password_file.string() +
                  "\"\n[gpio]\nbackend = \"mock\"\n[[output]]\nname = \"relay1\"\nline = 17\n");
  return config.string();
}

// Both --check-config and the start refuse the config, placing the error at the key.
void check_refused(const std::vector<std::string>& prefix, const std::string& config,
                   const std::string& problem) {
  const std::string expected = config + ":4:17: mqtt.password_file: " + problem;
  for (const std::string option : {"--check-config", "--config"}) {
    INFO(option);
    std::vector<std::string> argv = prefix;
    argv.insert(argv.end(), {GPIOGW_BINARY, option, config});
    const auto run = run_command(argv, 5s);
    CHECK(run.status == 78);
    CHECK(contains(run.output, expected));
  }
}

}  // namespace

TEST_CASE("a password_file that cannot be read is a config error at its key", "[cli]") {
  gpiogw::test::TempDir dir;
  SECTION("missing") {
    const auto missing = dir / "no-such-password";
    check_refused({}, config_with_password_file(dir, missing),
                  "cannot read \"" + missing.string() + "\": No such file or directory");
  }
  SECTION("a directory") {
    std::filesystem::create_directory(dir / "secrets");
    check_refused({}, config_with_password_file(dir, dir / "secrets"),
                  "\"" + (dir / "secrets").string() + "\" is a directory, not a file");
  }
  SECTION("a FIFO, which would block the start") {
    REQUIRE(mkfifo((dir / "pipe").c_str(), 0600) == 0);
    check_refused({}, config_with_password_file(dir, dir / "pipe"),
                  "\"" + (dir / "pipe").string() + "\" is not a regular file");
  }
  SECTION("unreadable for the user gpiogw runs as") {
    // Modes do not stop root: as root, gpiogw runs as nobody here, which may not read the file.
    gpiogw::test::write_file(dir / "password", "secret-4711\n");
    REQUIRE(chmod((dir / "password").c_str(), 0) == 0);
    REQUIRE(chmod(dir.path().c_str(), 0755) == 0);
    const std::string config = config_with_password_file(dir, dir / "password");
    REQUIRE(chmod(config.c_str(), 0644) == 0);
    const std::vector<std::string> as_nobody{"setpriv", "--reuid=65534", "--regid=65534",
                                             "--clear-groups"};
    check_refused(geteuid() == 0 ? as_nobody : std::vector<std::string>{}, config,
                  "cannot read \"" + (dir / "password").string() + "\": Permission denied");
  }
}

TEST_CASE("list-lines prints the mock's lines, or says why there are no chips", "[cli]") {
  const auto mock = run_command({GPIOGW_BINARY, "--list-lines", "--backend", "mock"}, 5s);
  CHECK(mock.status == 0);
  CHECK(contains(mock.output, "mock [gpiogw-mock], 64 lines\n       0  GPIO0   free\n"));
  CHECK(contains(mock.output, "      63  GPIO63  free\n"));

  const auto gpiod = run_command({GPIOGW_BINARY, "--list-lines"}, 5s);
  if (gpiod.status == 0) {
    CHECK(contains(gpiod.output, "gpiochip"));  // a machine with GPIO chips
  } else {
    CHECK(gpiod.status == 69);
    CHECK(contains(gpiod.output, "there are no GPIO chips at all"));
  }
}

TEST_CASE("the start names every line that cannot be found, each on a log line of its own",
          "[cli]") {
  gpiogw::test::TempDir dir;
  gpiogw::test::write_file(dir / "gpiogw.toml",
                           "[mqtt]\nuri = \"tcp://127.0.0.1:1\"\n[gpio]\nbackend = \"mock\"\n"
                           "[[output]]\nname = \"a\"\nline = \"NOPE1\"\n"
                           "[[output]]\nname = \"b\"\nline = 17\n"
                           "[[output]]\nname = \"c\"\nline = \"NOPE2\"\n"
                           "[[input]]\nname = \"d\"\nline = 99\n");
  const auto run = run_command({GPIOGW_BINARY, "--config", (dir / "gpiogw.toml").string()}, 5s);
  CHECK(run.status == 69);
  CHECK(contains(run.output,
                 "error   output 'a': no line named \"NOPE1\" on any chip; chips "
                 "present: mock [gpiogw-mock] 64 lines\n"));
  CHECK(contains(run.output, "error   output 'c': no line named \"NOPE2\" on any chip\n"));
  CHECK(contains(
      run.output,
      "error   input 'd': line 99 does not exist on mock [gpiogw-mock] (offsets 0..63)\n"));
}
