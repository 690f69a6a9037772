#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gpiogw/gpio/mock_backend.hpp"
#include "message_of.hpp"
#include "specs.hpp"
#include "temp_dir.hpp"

using namespace gpiogw::gpio;
using gpiogw::test::input;
using gpiogw::test::message_of;
using gpiogw::test::output;
using gpiogw::test::read_file;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;
namespace fs = std::filesystem;
using gpiogw::test::TempDir;

namespace {

bool readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN) != 0;
}

ino_t inode(const fs::path& file) {
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  return st.st_ino;
}

bool same(const std::vector<EdgeEvent>& events, const std::vector<EdgeEvent>& expected) {
  if (events.size() != expected.size()) return false;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].index != expected[i].index || events[i].rising != expected[i].rising) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("mock outputs take their initial value in the request and record every write", "[gpio]") {
  MockBackend mock(MockOptions{.sim_dir = {}, .num_lines = 64, .record_writes = true});
  const std::vector<LineSpec> specs{output("relay1", 17u, true),
                                    output("relay2", std::string("GPIO5"), false, true)};
  mock.request(specs);

  // relay2 is active-low: logical off is physical high.
  REQUIRE(mock.writes().size() == 2);
  CHECK(mock.writes()[0].offset == 17);
  CHECK(mock.writes()[0].physical_level == true);
  CHECK(mock.writes()[1].offset == 5);
  CHECK(mock.writes()[1].physical_level == true);
  CHECK(mock.get(0) == true);
  CHECK(mock.get(1) == false);

  mock.set(1, true);
  REQUIRE(mock.writes().size() == 3);
  CHECK(mock.writes()[2].offset == 5);
  CHECK(mock.writes()[2].physical_level == false);
  CHECK(mock.get(1) == true);

  CHECK(mock.event_fd() == -1);  // no inputs
  CHECK(mock.describe(0) == "mock [gpiogw-mock] offset 17 (GPIO17)");
  CHECK(mock.describe(1) == "mock [gpiogw-mock] offset 5 (GPIO5)");
}

// The soak test found gpiogw on the mock backend growing by 8 bytes with every command: each write
// was kept for writes(), which only tests read.
TEST_CASE("a mock made as the daemon makes it keeps no history of writes", "[gpio]") {
  MockBackend mock(MockOptions{});
  const std::vector<LineSpec> specs{output("relay1", 17u, false)};
  mock.request(specs);
  for (int i = 1; i <= 10000; ++i) mock.set(0, i % 2 == 1);
  CHECK(mock.get(0) == false);
  CHECK(mock.writes().empty());
}

// The errors every backend gives are in test_backend_contract.cpp; these are the mock's own.
TEST_CASE("mock errors name the entry and the line", "[gpio]") {
  SECTION("only the exact kernel-style name GPIO<N> names a line") {
    for (const char* name : {"GPIO64", "gpio5", "GPIO05", "GPIO", "GPIO5x"}) {
      MockBackend mock(MockOptions{{}, 8});
      const std::vector<LineSpec> specs{input("door", std::string(name), Edge::both)};
      CHECK(
          message_of<GpioError>([&] {
            mock.request(specs);
          }).starts_with("input 'door': no line named \"" + std::string(name) + "\" on any chip"));
    }
  }
  SECTION("drive() only drives requested inputs") {
    MockBackend mock(MockOptions{});
    const std::vector<LineSpec> specs{input("door", 27u, Edge::both), output("relay", 17u, false)};
    mock.request(specs);
    CHECK(message_of<GpioError>([&] { mock.drive(17, true); }) ==
          "mock: cannot drive line 17 ('relay'): it is an output");
    CHECK(message_of<GpioError>([&] { mock.drive(3, true); }) ==
          "mock: cannot drive line 3: it was not requested");
  }
}

TEST_CASE("driving a mock input raises logical edges on the event fd", "[gpio]") {
  MockBackend mock(MockOptions{});
  const std::vector<LineSpec> specs{
      input("door", 4u, Edge::both, Bias::as_is, true),
      input("button", 5u, Edge::rising),
  };
  mock.request(specs);
  const int fd = mock.event_fd();
  REQUIRE(fd >= 0);
  CHECK_FALSE(readable(fd, 0));
  CHECK(mock.get(0) == true);  // pulled down, active-low: active

  // Physical high on an active-low line is a logical falling edge.
  mock.drive(4, true);
  CHECK(readable(fd, 0));
  CHECK(same(mock.read_events(), {{0, false}}));
  CHECK_FALSE(readable(fd, 0));
  CHECK(mock.get(0) == false);

  // No change, no edge.
  mock.drive(4, true);
  CHECK_FALSE(readable(fd, 0));

  mock.drive(5, true);
  mock.drive(4, false);
  CHECK(same(mock.read_events(), {{1, true}, {0, true}}));

  // The rising-only input ignores its falling edge, though its level follows.
  mock.drive(5, false);
  CHECK_FALSE(readable(fd, 0));
  CHECK(mock.read_events().empty());
  CHECK(mock.get(1) == false);
}

TEST_CASE("the mock's sim_dir mirrors gpio-sim and is driven through pull files", "[gpio]") {
  TempDir tmp("gpiogw-mock");
  const fs::path sim = tmp.path() / "nested" / "sim";
  // A pull set before the request survives it when the input's bias is as-is, as in gpio-sim.
  fs::create_directories(tmp.path() / "nested" / "sim" / "sim_gpio6");
  write_file(sim / "sim_gpio6" / "pull", "pull-up\n");

  MockBackend mock(MockOptions{sim});
  const std::vector<LineSpec> specs{
      output("relay", 17u, true),
      input("door", 27u, Edge::both, Bias::pull_up, true),
      input("sensor", 6u, Edge::rising),
      input("spare", 7u, Edge::both, Bias::pull_down),
  };
  mock.request(specs);
  const int fd = mock.event_fd();
  REQUIRE(fd >= 0);
  CHECK_FALSE(readable(fd, 0));  // the mock's own writes are not events

  CHECK(read_file(sim / "sim_gpio17" / "value") == "1\n");
  CHECK(read_file(sim / "sim_gpio17" / "pull") == "pull-down\n");
  CHECK(read_file(sim / "sim_gpio27" / "pull") == "pull-up\n");
  CHECK(read_file(sim / "sim_gpio27" / "value") == "1\n");
  CHECK(read_file(sim / "sim_gpio6" / "pull") == "pull-up\n");
  CHECK(read_file(sim / "sim_gpio6" / "value") == "1\n");
  CHECK(read_file(sim / "sim_gpio7" / "pull") == "pull-down\n");
  CHECK(read_file(sim / "sim_gpio7" / "value") == "0\n");
  CHECK(mock.get(1) == false);  // pulled up, active-low: inactive
  CHECK(mock.get(2) == true);
  CHECK(mock.describe(1) ==
        "mock [gpiogw-mock] offset 27 (GPIO27) at " + (sim / "sim_gpio27").string());

  SECTION("set rewrites the output's value file by replacing it") {
    const auto before = inode(sim / "sim_gpio17" / "value");
    mock.set(0, false);
    CHECK(read_file(sim / "sim_gpio17" / "value") == "0\n");
    CHECK(inode(sim / "sim_gpio17" / "value") != before);
    mock.set(0, true);
    CHECK(read_file(sim / "sim_gpio17" / "value") == "1\n");
  }

  SECTION("another process writing a pull file raises the edge at once") {
    write_file(sim / "sim_gpio27" / "pull", "pull-down\n");
    REQUIRE(readable(fd, 1000));
    CHECK(same(mock.read_events(), {{1, true}}));  // low on an active-low line: active
    CHECK(read_file(sim / "sim_gpio27" / "value") == "0\n");
    CHECK(mock.get(1) == true);
    CHECK_FALSE(readable(fd, 0));

    write_file(sim / "sim_gpio27" / "pull", "pull-up");  // no newline, like `echo -n`
    REQUIRE(readable(fd, 1000));
    CHECK(same(mock.read_events(), {{1, false}}));
    CHECK(read_file(sim / "sim_gpio27" / "value") == "1\n");
  }

  SECTION("get sees an outside write before the loop has handled it") {
    write_file(sim / "sim_gpio7" / "pull", "pull-up\n");
    CHECK(mock.get(3) == true);
    CHECK(readable(fd, 0));  // the edge is still waiting for read_events
    CHECK(same(mock.read_events(), {{3, true}}));
  }

  SECTION("garbage in a pull file is ignored") {
    write_file(sim / "sim_gpio27" / "pull", "pull-sideways\n");
    REQUIRE(readable(fd, 1000));
    CHECK(mock.read_events().empty());
    CHECK(mock.get(1) == false);
    CHECK(read_file(sim / "sim_gpio27" / "value") == "1\n");
    CHECK_FALSE(readable(fd, 0));
  }

  SECTION("a rising-only input follows a falling pull without an event") {
    write_file(sim / "sim_gpio6" / "pull", "pull-down\n");
    REQUIRE(readable(fd, 1000));
    CHECK(mock.read_events().empty());
    CHECK(read_file(sim / "sim_gpio6" / "value") == "0\n");
    CHECK(mock.get(2) == false);

    write_file(sim / "sim_gpio6" / "pull", "pull-up\n");
    REQUIRE(readable(fd, 1000));
    CHECK(same(mock.read_events(), {{2, true}}));
  }

  SECTION("drive updates the pull and value files") {
    mock.drive(27, false);
    CHECK(read_file(sim / "sim_gpio27" / "pull") == "pull-down\n");
    CHECK(read_file(sim / "sim_gpio27" / "value") == "0\n");
    CHECK(same(mock.read_events(), {{1, true}}));
    CHECK_FALSE(readable(fd, 0));
  }
}

TEST_CASE("mock bursts make every pulse at once; losses show on the next event", "[gpio]") {
  TempDir dir;
  // An earlier run's burst is history: the request does not replay it.
  fs::create_directories(dir / "sim_gpio23");
  write_file(dir / "sim_gpio23" / "pulses", "7\n");
  MockBackend mock(MockOptions{.sim_dir = dir.path()});
  const std::vector<LineSpec> specs{input("water", 23u, Edge::falling, Bias::pull_up)};
  mock.request(specs);
  CHECK(mock.read_events().empty());

  std::ofstream(dir / "sim_gpio23" / "lose", std::ios::app) << "2\n";
  std::ofstream(dir / "sim_gpio23" / "pulses", std::ios::app) << "1000\n"
                                                              << "junk\n"
                                                              << "3\n";
  REQUIRE(readable(mock.event_fd(), 1000));
  const auto events = mock.read_events();
  REQUIRE(events.size() == 1001);  // 1003 falling edges, the first 2 dropped
  CHECK(events[0].lost == 2);
  CHECK_FALSE(events[0].rising);
  std::uint64_t lost = 0;
  for (const auto& event : events) lost += event.lost;
  CHECK(lost == 2);
  CHECK(read_file(dir / "sim_gpio23" / "value") == "1\n");  // back where it was, never rewritten
}
