// Inputs debounce in software unless the backend does it itself (libgpiod v2, in the kernel):
// then an edge the backend reports is a settled change at once, never debounced twice. The
// backend is the mock, claiming to debounce or not.
#include "gpiogw/gateway/inputs.hpp"

#include <catch2/catch_test_macros.hpp>

#include <optional>
#include <string>
#include <vector>

#include "gpiogw/gpio/mock_backend.hpp"

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::Inputs;
namespace gpio = gpiogw::gpio;

namespace {

class Debouncing final : public gpio::Backend {
 public:
  explicit Debouncing(bool debounces) : debounces_(debounces) {}
  void request(std::span<const gpio::LineSpec> specs) override { mock.request(specs); }
  void release() override { mock.release(); }
  void set(std::size_t index, bool active) override { mock.set(index, active); }
  bool get(std::size_t index) override { return mock.get(index); }
  int event_fd() const override { return mock.event_fd(); }
  std::vector<gpio::EdgeEvent> read_events() override { return mock.read_events(); }
  std::string describe(std::size_t index) const override { return mock.describe(index); }
  bool debounces() const override { return debounces_; }

  gpio::MockBackend mock{gpio::MockOptions{}};

 private:
  bool debounces_;
};

// One input, "door" on line 27 with the given debounce, and the changes it reports.
struct Bench {
  Bench(bool backend_debounces, std::chrono::milliseconds debounce)
      : config{{.name = "door", .line = 27U, .debounce = debounce}}, gpio(backend_debounces) {
    const std::vector<gpio::LineSpec> specs{
        {.name = "door", .line = 27U, .edge = gpio::Edge::both, .debounce = debounce}};
    gpio.request(specs);
    inputs.emplace(config, 0, gpio, loop,
                   [this](const Inputs::Input&, bool level) { changes.push_back(level); });
  }
  // Drives the line and hands the edge to Inputs, as the gateway's fd watch does.
  void edge(bool level = true) {
    gpio.mock.drive(27, level);
    inputs->on_edges(gpio.read_events());
  }

  std::vector<gpiogw::config::Input> config;
  Debouncing gpio;
  EventLoop loop{EventLoop::ManualClock{}};
  std::optional<Inputs> inputs;
  std::vector<bool> changes;
};

}  // namespace

TEST_CASE("inputs on a backend that debounces get no second debounce", "[inputs]") {
  Bench bench(true, 5000ms);
  bench.edge();
  bench.loop.advance(0us);  // the input's 5 s debounce is the kernel's job
  CHECK(bench.changes == std::vector<bool>{true});
}

TEST_CASE("inputs on a backend that does not debounce wait for the line to settle", "[inputs]") {
  Bench bench(false, 20ms);
  bench.edge();
  bench.loop.advance(20ms - 1us);
  CHECK(bench.changes.empty());
  bench.loop.advance(1us);
  CHECK(bench.changes == std::vector<bool>{true});
}

TEST_CASE("a bounce restarts the debounce; a bounce back to the old level is no change",
          "[inputs]") {
  Bench bench(false, 20ms);
  bench.edge(true);
  bench.loop.advance(10ms);
  bench.edge(false);
  bench.loop.advance(5ms);
  bench.edge(true);  // settles 20 ms after this last edge, at 35 ms
  bench.loop.advance(20ms - 1us);
  CHECK(bench.changes.empty());
  bench.loop.advance(1us);
  CHECK(bench.changes == std::vector<bool>{true});
  bench.edge(false);
  bench.loop.advance(3ms);
  bench.edge(true);
  bench.loop.advance(1h);
  CHECK(bench.changes == std::vector<bool>{true});
}
