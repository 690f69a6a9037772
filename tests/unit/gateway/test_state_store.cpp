#include "gpiogw/gateway/state_store.hpp"

#include <catch2/catch_test_macros.hpp>

#include <sys/stat.h>

#include "temp_dir.hpp"

using namespace std::chrono_literals;
using gpiogw::StateStore;
using gpiogw::test::read_file;
using gpiogw::test::TempDir;
using gpiogw::test::write_file;

namespace {

ino_t inode(const std::filesystem::path& path) {
  struct stat info {};
  REQUIRE(stat(path.c_str(), &info) == 0);
  return info.st_ino;
}

}  // namespace

TEST_CASE("the state file is read back as it was written", "[state]") {
  TempDir dir;
  const auto file = dir / "state" / "outputs.state";  // the folder is made when needed
  gpiogw::EventLoop loop;
  {
    StateStore store(file, loop);
    CHECK(store.levels().empty());
    store.record("relay1", true);
    store.record("pump", false);
  }  // pending changes are written on destruction
  CHECK(StateStore::load(file) == std::map<std::string, bool>{{"pump", false}, {"relay1", true}});
  CHECK(read_file(file).find("relay1 ON\n") != std::string::npos);
}

TEST_CASE("PWM percents share the file; files from before PWM read the same", "[state]") {
  TempDir dir;
  const auto file = dir / "outputs.state";
  write_file(file, "# old file\nrelay1 ON\npump OFF\n");
  gpiogw::EventLoop loop;
  {
    StateStore store(file, loop);
    CHECK(store.levels() == std::map<std::string, bool>{{"pump", false}, {"relay1", true}});
    CHECK(store.percents().empty());
    store.record_percent("fan", 40.5);
  }
  CHECK(read_file(file).find("fan 40.5\n") != std::string::npos);
  CHECK(StateStore::load(file) == std::map<std::string, bool>{{"pump", false}, {"relay1", true}});
  CHECK(StateStore(file, loop).percents() == std::map<std::string, double>{{"fan", 40.5}});
  write_file(file, "fan 140\n");  // not a percent
  CHECK(StateStore(file, loop).percents().empty());
}

TEST_CASE("counters' totals share the file as whole numbers of pulses", "[state]") {
  TempDir dir;
  const auto file = dir / "outputs.state";
  write_file(file, "# old file\nrelay1 ON\n");
  gpiogw::EventLoop loop;
  {
    StateStore store(file, loop);
    CHECK(store.totals().empty());
    store.record_total("water", 18446744073709551615U);  // the largest 64-bit count
    store.record_percent("fan", 40.5);
  }
  CHECK(read_file(file).find("water 18446744073709551615\n") != std::string::npos);
  const StateStore store(file, loop);
  CHECK(store.totals() == std::map<std::string, std::uint64_t>{{"water", 18446744073709551615U}});
  CHECK(store.levels() == std::map<std::string, bool>{{"relay1", true}});
  CHECK(store.percents() == std::map<std::string, double>{{"fan", 40.5}});
}

TEST_CASE("a missing or corrupt state file restores nothing", "[state]") {
  TempDir dir;
  CHECK(StateStore::load(dir / "missing").empty());
  for (const char* corrupt :
       {"relay1 ON\npump\n", "relay1 MAYBE\n", "relay1 ON extra\n", "\x01\x02\x03 ON\x00\n"}) {
    write_file(dir / "outputs.state", corrupt);
    CHECK(StateStore::load(dir / "outputs.state").empty());
  }
  write_file(dir / "outputs.state", "# comment\n\nrelay1 ON\n");
  CHECK(StateStore::load(dir / "outputs.state") == std::map<std::string, bool>{{"relay1", true}});
  CHECK(StateStore::load(dir.path()).empty());  // a directory
}

TEST_CASE("writes are atomic and throttled: the first at once, then coalesced", "[state]") {
  TempDir dir;
  const auto file = dir / "outputs.state";
  gpiogw::EventLoop loop{gpiogw::EventLoop::ManualClock{}};
  StateStore store(file, loop);
  store.record("relay1", true);
  REQUIRE(std::filesystem::exists(file));  // at once
  const auto first = inode(file);
  loop.advance(500ms);
  store.record("relay1", false);
  store.record("relay1", true);
  store.record("pump", true);
  // Due exactly the minimum interval after the first write, not after the change.
  loop.advance(1500ms - 1us);
  CHECK(StateStore::load(file) == std::map<std::string, bool>{{"relay1", true}});
  loop.advance(1us);
  CHECK(StateStore::load(file) == std::map<std::string, bool>{{"pump", true}, {"relay1", true}});
  CHECK(inode(file) != first);  // replaced by rename, never rewritten in place
  CHECK_FALSE(std::filesystem::exists(dir / ".outputs.state.tmp"));
}

TEST_CASE("a change is written at once when the last write is a whole interval old", "[state]") {
  TempDir dir;
  const auto file = dir / "outputs.state";
  gpiogw::EventLoop loop{gpiogw::EventLoop::ManualClock{}};
  StateStore store(file, loop);
  store.record("relay1", true);
  // Removing the file after each write shows the next write: it makes the file again.
  std::filesystem::remove(file);
  loop.advance(StateStore::kMinInterval);
  store.record("relay1", false);
  CHECK(StateStore::load(file) == std::map<std::string, bool>{{"relay1", false}});
  std::filesystem::remove(file);
  loop.advance(StateStore::kMinInterval - 1us);
  store.record("relay1", true);
  CHECK_FALSE(std::filesystem::exists(file));
  loop.advance(1us);
  CHECK(StateStore::load(file) == std::map<std::string, bool>{{"relay1", true}});
}

TEST_CASE("recording what is already written writes nothing, even undone in a throttle",
          "[state]") {
  TempDir dir;
  const auto file = dir / "outputs.state";
  gpiogw::EventLoop loop{gpiogw::EventLoop::ManualClock{}};
  StateStore store(file, loop);
  store.record("relay1", true);
  std::filesystem::remove(file);
  store.record("relay1", true);
  loop.advance(1h);
  CHECK_FALSE(std::filesystem::exists(file));
  // A change and its undoing inside one throttle interval coalesce into no write at all.
  store.record("pump", false);  // written at once: a new output
  std::filesystem::remove(file);
  store.record("relay1", false);
  store.record("relay1", true);
  loop.advance(1h);
  CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("a state dir that cannot be written is reported, not fatal", "[state]") {
  TempDir dir;
  write_file(dir / "blocker", "a file where a folder should be");
  gpiogw::EventLoop loop;
  StateStore store(dir / "blocker" / "outputs.state", loop, 1ms);
  store.record("relay1", true);
  store.flush();
  CHECK(store.levels().at("relay1"));
}
