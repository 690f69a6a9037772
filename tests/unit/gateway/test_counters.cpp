// Counters on the loop, on the ManualClock: what is published when, the retained total after a
// connect, the state file's totals, and lost pulses, with the mock driven through its sim files.
#include "gpiogw/gateway/counters.hpp"

#include <catch2/catch_test_macros.hpp>

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gpiogw/gpio/mock_backend.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using gpiogw::Counters;
using gpiogw::EventLoop;
namespace gpio = gpiogw::gpio;

namespace {

using Published = std::vector<std::pair<std::string, std::string>>;

// "water" on line 23: 1 L per pulse in m³, a rate in L/min, published every 10 s.
struct Bench {
  explicit Bench(std::map<std::string, std::uint64_t> stored = {}) {
    config.push_back({.name = "water",
                      .line = 23U,
                      .bias = gpio::Bias::pull_up,
                      .per_pulse = 0.001,
                      .unit = "m³",
                      .digits = 3,
                      .interval = 10s,
                      .rate_unit = "L/min",
                      .rate_scale = 60.0});
    const std::vector<gpio::LineSpec> specs{gpiogw::counter::line_spec(config[0], false)};
    gpio.request(specs);
    counters.emplace(
        config, 0, gpio, loop, topics, stored,
        [this](const std::string& topic, const std::string& payload) {
          if (connected) published.emplace_back(topic, payload);
          return connected;
        },
        [this](const std::string& name, std::uint64_t total) { this->stored[name] = total; });
  }
  // Appends a line to one of the line's sim files and lets the counters read the events.
  void write(std::string_view file, std::string_view count) {
    std::ofstream(dir / "sim_gpio23" / std::string(file), std::ios::app) << count << "\n";
    counters->on_edges(gpio.read_events());
  }
  Counters::Counter& water() { return *counters->find("water"); }

  gpiogw::test::TempDir dir;
  std::vector<gpiogw::config::Counter> config;
  gpio::MockBackend gpio{{.sim_dir = dir.path()}};
  EventLoop loop{EventLoop::ManualClock{}};
  gpiogw::Topics topics{"gw"};
  bool connected = true;
  Published published;
  std::map<std::string, std::uint64_t> stored;
  std::optional<Counters> counters;
};

}  // namespace

TEST_CASE("counters publish total and rate every interval and keep the total", "[counters]") {
  Bench bench({{"water", 2000}});
  bench.write("pulses", "1500");
  bench.loop.advance(10s - 1us);
  CHECK(bench.published.empty());
  bench.loop.advance(1us);
  CHECK(bench.published == Published{{"gw/counter/water", "3.5"},
                                     {"gw/counter/water/rate", "0"},
                                     {"gw/counter/water/lost", "0"}});
  CHECK(bench.stored.at("water") == 3500);

  // While the broker is away the count goes on; the file still gets it.
  bench.connected = false;
  bench.write("pulses", "500");
  bench.loop.advance(10s);
  CHECK(bench.stored.at("water") == 4000);
  CHECK(bench.published.size() == 3);
}

TEST_CASE("after a connect the totals wait for the retained ones; the higher wins", "[counters]") {
  Bench bench({{"water", 2000}});
  bench.counters->on_connected();
  bench.loop.advance(Counters::kRetainedWait - 1us);
  CHECK(bench.published.empty());  // not a lower total before the broker's is known
  bench.counters->on_retained(bench.water(), "5.25");
  CHECK(bench.published == Published{{"gw/counter/water", "5.25"},
                                     {"gw/counter/water/rate", "0"},
                                     {"gw/counter/water/lost", "0"}});
  CHECK(bench.stored.at("water") == 5250);

  // A lower retained total (the broker's is older) changes nothing.
  bench.published.clear();
  bench.counters->on_connected();
  bench.counters->on_retained(bench.water(), "1.0");
  CHECK(bench.published.front() == std::pair<std::string, std::string>{"gw/counter/water", "5.25"});

  // No retained total at all: published when the wait is over.
  bench.published.clear();
  bench.counters->on_connected();
  bench.loop.advance(Counters::kRetainedWait);
  CHECK(bench.published.front() == std::pair<std::string, std::string>{"gw/counter/water", "5.25"});
}

TEST_CASE("set moves the total either way and publishes it at once", "[counters]") {
  Bench bench({{"water", 2000}});
  const auto outcome = bench.counters->set(bench.water(), " 1.5 ", "gw/counter/water/set");
  CHECK(outcome.ok);
  CHECK(bench.published.front() == std::pair<std::string, std::string>{"gw/counter/water", "1.5"});
  CHECK(bench.stored.at("water") == 1500);
  CHECK_FALSE(bench.counters->set(bench.water(), "-1", "test").ok);
  CHECK_FALSE(bench.counters->set(bench.water(), "lots", "test").ok);
  CHECK(bench.water().logic.total() == 1500);
}

TEST_CASE("a set while the broker is away is not undone by its older retained total",
          "[counters]") {
  Bench bench({{"water", 5250}});
  bench.connected = false;
  CHECK(bench.counters->set(bench.water(), "0", "rule 1: hall_button long").ok);
  bench.connected = true;
  bench.counters->on_connected();
  bench.counters->on_retained(bench.water(), "5.25");  // what the broker still holds
  CHECK(bench.water().logic.total() == 0);
  CHECK(bench.published.front() == std::pair<std::string, std::string>{"gw/counter/water", "0"});
  // Once published, the broker's total is the one to reconcile with again.
  bench.counters->on_connected();
  bench.counters->on_retained(bench.water(), "7");
  CHECK(bench.water().logic.total() == 7000);
}

TEST_CASE("pulses the kernel dropped are counted and published as lost", "[counters]") {
  Bench bench;
  bench.write("lose", "5");
  bench.write("pulses", "10");  // the first 5 falling edges are dropped
  CHECK(bench.water().logic.total() == 10);
  CHECK(bench.water().logic.lost() == 5);
  bench.loop.advance(10s);
  CHECK(bench.published.back() ==
        std::pair<std::string, std::string>{"gw/counter/water/lost", "5"});
}
