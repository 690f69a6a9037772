// The gpiogw command line as a user meets it: run as a process, exit codes and messages checked.
#include <catch2/catch_test_macros.hpp>

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
  CHECK(contains(backend.output, "gpio-sim"));
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
