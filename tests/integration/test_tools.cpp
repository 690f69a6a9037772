// gpiogw-chat and gpiogw-randint as a user runs them, against a real mosquitto.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <csignal>
#include <sstream>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_probe.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::MqttProbe;
using gpiogw::test::Process;
using gpiogw::test::run_command;
using gpiogw::test::TempDir;

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// gpiogw-chat in a room, its stdin a pipe the test writes to, joined when constructed.
struct Chatter {
  Chatter(const Broker& broker, const std::string& name)
      : process(
            {GPIOGW_CHAT_BINARY, "--broker", broker.uri(), "--room", "test/chat", "--name", name},
            dir / "output", {}, Process::Stdin::pipe) {
    REQUIRE(process.wait_for_output("joined test/chat as test/chat/" + name, 10s));
  }
  TempDir dir{"gpiogw-chat"};
  Process process;
};

// The lines of a process's output that are not its own messages ("gpiogw-randint: ...").
std::vector<std::string> value_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("gpiogw-")) lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("two chat processes see each other's lines, and their own", "[tools][chat]") {
  Broker broker;
  Chatter alice(broker, "alice");
  Chatter bob(broker, "bob");
  alice.process.write_stdin("hello from alice\n");
  CHECK(bob.process.wait_for_output("test/chat/alice -> hello from alice\n", 5s));
  CHECK(alice.process.wait_for_output("test/chat/alice -> hello from alice\n", 5s));
  bob.process.write_stdin("hi alice\r\n\n");  // CRLF is a line end; empty lines are not sent
  CHECK(alice.process.wait_for_output("test/chat/bob -> hi alice\n", 5s));

  // Anyone in the room is shown, control bytes made harmless.
  MqttProbe carol(broker.uri(), "carol");
  carol.publish("test/chat/carol", "bell\x07");
  CHECK(alice.process.wait_for_output("test/chat/carol -> bell\\x07\n", 5s));
  carol.publish("elsewhere/carol", "not in the room");

  // End of input leaves cleanly; Ctrl-C too.
  alice.process.close_stdin();
  CHECK(alice.process.wait_for_exit(5s) == 0);
  bob.process.signal(SIGINT);
  CHECK(bob.process.wait_for_exit(5s) == 0);
  CHECK_FALSE(contains(bob.process.output(), "not in the room"));
  CHECK_FALSE(contains(bob.process.output(), "test/chat/bob -> \n"));
}

TEST_CASE("chat works in a pipe: its lines are sent and shown before it leaves", "[tools][chat]") {
  Broker broker;
  TempDir dir("gpiogw-chat");
  gpiogw::test::write_file(dir / "input", "one\ntwo\nthree");  // no newline after the last line
  // A regular file as stdin cannot be watched with epoll; it is read all the same.
  const auto run = run_command({"sh", "-c",
                                std::string(GPIOGW_CHAT_BINARY) + " --broker " + broker.uri() +
                                    " --room test/chat --name pipe < " + (dir / "input").string()},
                               10s);
  CHECK(run.status == 0);
  CHECK(contains(run.output,
                 "test/chat/pipe -> one\ntest/chat/pipe -> two\ntest/chat/pipe -> three\n"));
}

TEST_CASE("chat with stdin closed or /dev/null listens until Ctrl-C", "[tools][chat]") {
  const auto stdin_mode = GENERATE(Process::Stdin::closed, Process::Stdin::null);
  INFO((stdin_mode == Process::Stdin::closed ? "stdin closed" : "stdin /dev/null"));
  Broker broker;
  TempDir dir("gpiogw-chat");
  Process listener(
      {GPIOGW_CHAT_BINARY, "--broker", broker.uri(), "--room", "test/chat", "--name", "ear"},
      dir / "output", {}, stdin_mode);
  REQUIRE(listener.wait_for_output(
      "listening to test/chat only: stdin is /dev/null or closed, so nothing is sent", 10s));
  MqttProbe carol(broker.uri(), "carol");
  carol.publish("test/chat/carol", "anyone there?");
  CHECK(listener.wait_for_output("test/chat/carol -> anyone there?\n", 5s));
  CHECK(listener.running());
  listener.signal(SIGINT);
  CHECK(listener.wait_for_exit(5s) == 0);
}

TEST_CASE("the randint subscriber prints what the publisher sent", "[tools][randint]") {
  Broker broker;
  TempDir dir("gpiogw-randint");
  Process sub({GPIOGW_RANDINT_BINARY, "sub", "--broker", broker.uri(), "--count", "5"},
              dir / "sub");
  REQUIRE(sub.wait_for_output("waiting for integers on asm/randint", 10s));
  const auto pub = run_command({GPIOGW_RANDINT_BINARY, "pub", "--broker", broker.uri(), "--count",
                                "5", "--interval", "100ms"},
                               20s);
  CHECK(pub.status == 0);
  CHECK(sub.wait_for_exit(10s) == 0);
  const auto sent = value_lines(pub.output);
  CHECK(sent.size() == 5);
  CHECK(value_lines(sub.output()) == sent);
  for (const auto& value : sent) {
    INFO(value);
    CHECK((value.size() == 1 || value == "10"));
    CHECK(value.find_first_not_of("0123456789") == std::string::npos);
  }
}

TEST_CASE("the randint subscriber reports a payload that is not an integer", "[tools][randint]") {
  Broker broker;
  TempDir dir("gpiogw-randint");
  Process sub({GPIOGW_RANDINT_BINARY, "sub", "--broker", broker.uri(), "--topic", "test/numbers",
               "--count", "1"},
              dir / "sub");
  REQUIRE(sub.wait_for_output("waiting for integers on test/numbers", 10s));
  MqttProbe probe(broker.uri(), "probe-numbers");
  probe.publish("test/numbers", "seven");
  probe.publish("test/numbers", "4.5");
  probe.publish("test/numbers", " 7\n");
  CHECK(sub.wait_for_exit(10s) == 0);
  const auto output = sub.output();
  CHECK(contains(output, "gpiogw-randint: test/numbers: payload \"seven\" is not an integer"));
  CHECK(contains(output, "payload \"4.5\" is not an integer"));
  CHECK(value_lines(output) == std::vector<std::string>{"7"});
}

TEST_CASE("the tools exit 69 naming the broker when it is unreachable", "[tools]") {
  const std::string unreachable =
      "tcp://127.0.0.1:" + std::to_string(gpiogw::test::free_loopback_port());
  for (const auto& argv : std::vector<std::vector<std::string>>{
           {GPIOGW_CHAT_BINARY, "--broker", unreachable, "--name", "x"},
           {GPIOGW_RANDINT_BINARY, "sub", "--broker", unreachable},
           {GPIOGW_RANDINT_BINARY, "pub", "--broker", unreachable}}) {
    const auto run = run_command(argv, 20s);
    INFO(run.output);
    CHECK(run.status == 69);
    CHECK(contains(run.output, "cannot connect to " + unreachable));
  }
}

TEST_CASE("the tools describe themselves and reject a bad command line", "[tools]") {
  for (const char* tool : {GPIOGW_CHAT_BINARY, GPIOGW_RANDINT_BINARY}) {
    const auto help = run_command({tool, "--help"}, 5s);
    CHECK(help.status == 0);
    CHECK(contains(help.output, "Exit codes"));
    const auto version = run_command({tool, "--version"}, 5s);
    CHECK(version.status == 0);
    CHECK(contains(version.output, " 0."));
  }
  const auto chat_help = run_command({GPIOGW_CHAT_BINARY, "--help"}, 5s).output;
  for (const char* option : {"--broker", "--room", "--name", "--username", "--password-file",
                             "--ca-file", "--cert-file", "--key-file", "--qos"})
    CHECK(contains(chat_help, option));
  const auto pub_help = run_command({GPIOGW_RANDINT_BINARY, "pub", "--help"}, 5s).output;
  for (const char* option : {"--broker", "--topic", "--interval", "--count"})
    CHECK(contains(pub_help, option));

  CHECK(run_command({GPIOGW_RANDINT_BINARY}, 5s).status == 64);  // pub or sub is required
  CHECK(run_command({GPIOGW_RANDINT_BINARY, "pub", "--interval", "soon"}, 5s).status == 64);
  CHECK(run_command({GPIOGW_RANDINT_BINARY, "sub", "--topic", "asm/#"}, 5s).status == 64);
  const auto bad_name = run_command({GPIOGW_CHAT_BINARY, "--name", "a b"}, 5s);
  CHECK(bad_name.status == 64);
  CHECK(contains(bad_name.output, R"("a b" contains " ")"));
  const auto bad_uri = run_command({GPIOGW_CHAT_BINARY, "--broker", "http://x", "--name", "a"}, 5s);
  CHECK(bad_uri.status == 64);
  CHECK(contains(bad_uri.output, R"(unknown scheme "http")"));
  const auto no_password = run_command(
      {GPIOGW_CHAT_BINARY, "--name", "a", "--username", "a", "--password-file", "/nonexistent"},
      5s);
  CHECK(no_password.status == 66);
  CHECK(contains(no_password.output, "/nonexistent"));
}

TEST_CASE("a person typing in gpiogw-chat operates the gateway and reads its replies",
          "[tools][chat]") {
  Broker broker;
  const auto config = gpiogw::test::standard_config(broker.uri(), "sim") +
                      "\n[chat]\nroom = \"test/chat\"\n\n[[sensor]]\nname = \"dice\"\n"
                      "kind = \"randint\"\ninterval = \"100ms\"\nmin = 4\nmax = 4\n";
  gpiogw::test::GatewayProcess gateway(config);
  // Subscribed: the gateway says "online" after its SUBSCRIBEs, on the same connection.
  REQUIRE(gpiogw::test::gateway_online(broker.uri(), "gpiogw/test/status"));
  Chatter alice(broker, "alice");
  alice.process.write_stdin("@test toggle relay1\n");
  CHECK(alice.process.wait_for_output("test/chat/test -> @alice ok: relay1 ON\n", 5s));
  CHECK(gateway.sim_value(17) == "1");
  alice.process.write_stdin("@test read dice\n");
  CHECK(alice.process.wait_for_output("test/chat/test -> @alice ok: dice 4\n", 5s));
  alice.process.write_stdin("just chatting\n");
  alice.process.write_stdin("@test get relay1\n");
  CHECK(alice.process.wait_for_output("test/chat/test -> @alice ok: relay1 ON\n", 5s));
  CHECK_FALSE(contains(alice.process.output(), "@alice ok: just"));
}
