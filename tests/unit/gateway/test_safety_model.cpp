// The output safety rules against a simple reference model, under thousands of random steps:
// commands (set, toggle, pulse, QoS 1 duplicates), time passing, broker outages of random
// lengths around the on_disconnect graces, and restarts with initial = "restore". The whole
// Gateway runs on the loop's manual clock, with the mock GPIO backend and a scripted broker
// connection (the mqtt::Client interface); every line change is checked as it happens.
//
// Seeded: the seed is printed; GPIOGW_MODEL_SEED=<seed> replays a run, GPIOGW_MODEL_RUNS=<n>
// makes it longer.
#include <catch2/catch_test_macros.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "gpiogw/base/log.hpp"
#include "gpiogw/config/loader.hpp"
#include "gpiogw/gateway/gateway.hpp"
#include "gpiogw/gpio/mock_backend.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using Duration = EventLoop::Duration;
using TimePoint = EventLoop::TimePoint;

namespace {

constexpr auto kDeadTime = 500ms;
constexpr auto kPumpGrace = 10s;   // on_disconnect = "off"
constexpr auto kHeaterGrace = 4s;  // on_disconnect = "on"
const std::map<std::string, Duration> kMaxOn{{"a", 3s}, {"lamp", 7s}};
const std::vector<std::string> kNames{"a", "b", "pump", "heater", "lamp"};

std::string model_config(const std::filesystem::path& state_dir) {
  return R"([gateway]
name = "model"
state_dir = ")" +
         state_dir.string() +
         R"("
[mqtt]
uri = "tcp://127.0.0.1:1"
[gpio]
backend = "mock"
[homeassistant]
discovery = false

[[output]]
name = "a"
line = 1
interlock = "g"
interlock_wait = "500ms"
max_on = "3s"
initial = "restore"
[[output]]
name = "b"
line = 2
interlock = "g"
interlock_wait = "500ms"
initial = "restore"
[[output]]
name = "pump"
line = 3
on_disconnect = "off"
disconnect_grace = "10s"
[[output]]
name = "heater"
line = 4
on_disconnect = "on"
disconnect_grace = "4s"
[[output]]
name = "lamp"
line = 5
initial = "restore"
max_on = "7s"
)";
}

// What the lines did: every change, checked against the rules as it happens.
class LineHistory {
 public:
  void process_started(TimePoint at) { process_start_ = at; }

  void changed(const std::string& name, bool on, TimePoint at) {
    auto& line = lines_[name];
    if (line.on == on) return;
    line.on = on;
    changes_.push_back({name, on, at});
    if (!on) {
      line.went_off = at;
      return;
    }
    line.went_on = at;
    if (name == "a" || name == "b") {
      const auto& other = lines_[name == "a" ? "b" : "a"];
      INFO(name << " went on at " << since_epoch(at));
      REQUIRE_FALSE(other.on);  // never two members of the group on
      if (other.went_off) REQUIRE(at - *other.went_off >= kDeadTime);
    }
  }

  // max_on, counted from when it went on or from the start of the process, whichever is later.
  void check_max_on(TimePoint now) const {
    for (const auto& [name, limit] : kMaxOn) {
      const auto& line = lines_.at(name);
      if (!line.on) continue;
      INFO(name << " on since " << since_epoch(std::max(line.went_on, process_start_)) << ", now "
                << since_epoch(now));
      REQUIRE(now - std::max(line.went_on, process_start_) < limit);
    }
  }

  bool on(const std::string& name) const { return lines_.at(name).on; }
  // The changes of `name` in (from, to].
  std::vector<std::pair<bool, TimePoint>> changes_of(const std::string& name, TimePoint from,
                                                     TimePoint to) const {
    std::vector<std::pair<bool, TimePoint>> found;
    for (const auto& change : changes_) {
      if (change.name == name && change.at > from && change.at <= to)
        found.emplace_back(change.on, change.at);
    }
    return found;
  }

  static long long since_epoch(TimePoint at) {
    return std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
  }

 private:
  struct Line {
    bool on = false;
    TimePoint went_on{};
    std::optional<TimePoint> went_off;
  };
  struct Change {
    std::string name;
    bool on;
    TimePoint at;
  };
  std::map<std::string, Line> lines_;
  std::vector<Change> changes_;
  TimePoint process_start_{};
};

// The mock, reporting every level change of an output to the history at the loop's time.
class RecordingBackend final : public gpiogw::gpio::Backend {
 public:
  RecordingBackend(const EventLoop& loop, LineHistory& history) : loop_(loop), history_(history) {}

  void request(std::span<const gpiogw::gpio::LineSpec> specs) override {
    mock_.request(specs);
    names_.clear();
    for (std::size_t i = 0; i < specs.size(); ++i) {
      names_.push_back(specs[i].name);
      history_.changed(specs[i].name, mock_.get(i), loop_.now());
    }
  }
  void release() override { mock_.release(); }
  void set(std::size_t index, bool active) override {
    mock_.set(index, active);
    history_.changed(names_.at(index), mock_.get(index), loop_.now());
  }
  bool get(std::size_t index) override { return mock_.get(index); }
  int event_fd() const override { return mock_.event_fd(); }
  std::vector<gpiogw::gpio::EdgeEvent> read_events() override { return mock_.read_events(); }
  std::string describe(std::size_t index) const override { return mock_.describe(index); }
  bool debounces() const override { return mock_.debounces(); }

 private:
  const EventLoop& loop_;
  LineHistory& history_;
  gpiogw::gpio::MockBackend mock_{gpiogw::gpio::MockOptions{}};
  std::vector<std::string> names_;
};

// The broker connection as a script: up or down, decided by the test. Outcomes are posted to
// the loop, as Paho's are, and arrive in the same instant (a refused connection is instant).
class ScriptedBroker {
 public:
  bool up = true;
  bool connected = false;
  gpiogw::mqtt::Handler* handler = nullptr;

  void go_down(EventLoop& loop) {
    up = false;
    if (!connected) return;
    connected = false;
    loop.post([this] { handler->on_connection_lost("the broker went away (scripted)"); });
  }
};

class ScriptedClient final : public gpiogw::mqtt::Client {
 public:
  ScriptedClient(ScriptedBroker& broker, EventLoop& loop, gpiogw::mqtt::Handler& handler)
      : broker_(broker), loop_(loop) {
    broker_.handler = &handler;
    broker_.connected = false;
  }
  void connect(const std::string&) override {
    loop_.post([this] {
      if (broker_.up) {
        broker_.connected = true;
        broker_.handler->on_connected();
      } else {
        broker_.handler->on_connect_failed("connection refused (scripted)");
      }
    });
  }
  bool connected() const override { return broker_.connected; }
  void subscribe(const std::string&, int, gpiogw::mqtt::RetainFlag) override {}
  bool publish(const std::string&, std::string_view, int, bool) override {
    return broker_.connected;
  }
  void disconnect(std::chrono::milliseconds) override { broker_.connected = false; }

 private:
  ScriptedBroker& broker_;
  EventLoop& loop_;
};

// One gateway process: its loop, backend and gateway. A restart makes a new one.
struct Process {
  Process(const gpiogw::config::Config& config, TimePoint now, LineHistory& history,
          ScriptedBroker& broker)
      : loop(EventLoop::ManualClock{now}), backend(loop, history) {
    history.process_started(now);
    gateway = std::make_unique<gpiogw::Gateway>(
        config, backend, loop, [&](gpiogw::mqtt::Handler& handler) {
          return std::make_unique<ScriptedClient>(broker, loop, handler);
        });
    gateway->start();
    loop.run_pending();
  }
  EventLoop loop;
  RecordingBackend backend;
  std::unique_ptr<gpiogw::Gateway> gateway;
};

class Model {
 public:
  Model(std::uint32_t seed, const std::filesystem::path& state_dir)
      : random_(seed), config_(load(state_dir)) {
    process_ = std::make_unique<Process>(config_, TimePoint(24h), history_, broker_);
  }

  void step() {
    switch (pick(0, 9)) {
      case 0:
        return outage();
      case 1:
        return restart();
      case 2:
      case 3:
        return advance(random_duration());
      default:
        return command();
    }
  }

 private:
  static gpiogw::config::Config load(const std::filesystem::path& state_dir) {
    auto result = gpiogw::config::load_string(model_config(state_dir), "model.toml");
    REQUIRE(result.config);
    return std::move(*result.config);
  }

  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  TimePoint now() const { return process_->loop.now(); }

  Duration random_duration() {
    switch (pick(0, 3)) {
      case 0:
        return std::chrono::microseconds(pick(1, 1000));
      case 1:
        return std::chrono::milliseconds(pick(1, 600));
      default:
        return std::chrono::milliseconds(pick(1, 4000));
    }
  }

  void advance(Duration duration) {
    process_->loop.advance(duration);
    history_.check_max_on(now());
  }

  void deliver(const std::string& topic, const std::string& payload) {
    process_->loop.post(
        [this, topic, payload] { broker_.handler->on_message(topic, payload, false); });
    process_->loop.run_pending();
    history_.check_max_on(now());
  }

  void command() {
    if (!broker_.connected) return;  // commands come through the broker
    const std::string& name = kNames[pick(0, static_cast<int>(kNames.size()) - 1)];
    const std::string base = "gpiogw/model/output/" + name;
    std::string topic = base + "/set";
    std::string payload;
    switch (pick(0, 3)) {
      case 0:
        payload = "ON";
        break;
      case 1:
        payload = "OFF";
        break;
      case 2:
        payload = "TOGGLE";
        break;
      default:
        topic = base + "/pulse";
        payload = std::to_string(pick(1, 5000)) + "ms";
        break;
    }
    deliver(topic, payload);
    if (pick(0, 3) == 0) {
      // A QoS 1 duplicate: the same message again, at once or a moment later.
      if (pick(0, 1) == 0) advance(std::chrono::milliseconds(pick(1, 300)));
      deliver(topic, payload);
    }
  }

  // The broker goes away for about one of the graces (just shorter, just longer, or exactly),
  // or for a random while. Before it, the pump is on and the heater off, so that whatever
  // on_disconnect does shows on their lines.
  void outage() {
    if (!broker_.connected) return;
    deliver("gpiogw/model/output/pump/set", "ON");
    deliver("gpiogw/model/output/heater/set", "OFF");
    advance(std::chrono::milliseconds(pick(0, 50)));
    const Duration around = pick(0, 1) ? Duration(kPumpGrace) : Duration(kHeaterGrace);
    const Duration offsets[] = {-300ms, -1us, 0us, 1us, 300ms};
    const Duration length = pick(0, 5) == 5 ? Duration(std::chrono::milliseconds(pick(1, 15000)))
                                            : around + offsets[pick(0, 4)];
    const TimePoint lost = now();
    const TimePoint back = lost + length;
    broker_.go_down(process_->loop);
    // Time passes in random steps, split exactly where the broker comes back: it is away on
    // [lost, back), so a connect attempt at `back` itself succeeds.
    const TimePoint last_moment_away = back - 1ns;
    while (now() < last_moment_away) {
      advance(std::min(random_duration(), last_moment_away - now()));
    }
    broker_.up = true;
    for (int i = 0; i < 100 && !broker_.connected; ++i) advance(random_duration());
    REQUIRE(broker_.connected);
    INFO("outage of " << std::chrono::duration_cast<std::chrono::microseconds>(length).count()
                      << " us from " << LineHistory::since_epoch(lost));
    check_on_disconnect("pump", false, lost, back, kPumpGrace);
    check_on_disconnect("heater", true, lost, back, kHeaterGrace);
  }

  // on_disconnect acted exactly when the broker was away for the whole grace: then at the
  // grace's end, to the microsecond, and otherwise not at all.
  void check_on_disconnect(const std::string& name, bool level, TimePoint lost, TimePoint back,
                           Duration grace) {
    const auto changes = history_.changes_of(name, lost, now());
    INFO(name << ": " << changes.size() << " changes during and after the outage");
    if (back > lost + grace) {
      REQUIRE(changes.size() == 1);
      CHECK(changes[0].first == level);
      CHECK(changes[0].second == lost + grace);
    } else {
      CHECK(changes.empty());
    }
  }

  // A restart keeps what initial = "restore" recorded: a's, b's and lamp's last level, OFF
  // for a pulse. kill -9 is not modelled: the state file is flushed, as on a clean stop.
  void restart() {
    std::map<std::string, bool> expected;
    for (const std::string name : {"a", "b", "lamp"}) expected[name] = history_.on(name);
    const auto pulsing = process_->gateway->hand_over().outputs;
    for (auto& [name, level] : expected) {
      if (pulsing.at(name).pulse_end_at) level = false;
    }
    const TimePoint at = now();
    process_.reset();
    broker_.connected = false;
    process_ = std::make_unique<Process>(config_, at, history_, broker_);
    for (const auto& [name, level] : expected) {
      INFO(name << " after a restart");
      CHECK(history_.on(name) == level);
    }
  }

  std::mt19937 random_;
  gpiogw::config::Config config_;
  LineHistory history_;
  ScriptedBroker broker_;
  std::unique_ptr<Process> process_;
};

std::uint32_t env_or(const char* name, std::uint32_t fallback) {
  const char* value = std::getenv(name);
  return value ? static_cast<std::uint32_t>(std::strtoul(value, nullptr, 10)) : fallback;
}

}  // namespace

TEST_CASE("the safety rules hold under random commands, outages and restarts", "[model]") {
  const auto seed = env_or("GPIOGW_MODEL_SEED", std::random_device{}());
  const auto runs = env_or("GPIOGW_MODEL_RUNS", 40);
  std::cout << "safety model: seed " << seed << " (GPIOGW_MODEL_SEED=" << seed << " replays it), "
            << runs << " runs of 150 steps\n";
  INFO("seed " << seed);
  gpiogw::log::set_level(std::getenv("GPIOGW_MODEL_LOG") ? gpiogw::log::Level::info
                                                         : gpiogw::log::Level::error);
  std::mt19937 seeds(seed);
  for (std::uint32_t run = 0; run < runs; ++run) {
    const auto run_seed = static_cast<std::uint32_t>(seeds());
    INFO("run " << run << ", run seed " << run_seed);
    gpiogw::test::TempDir state("gpiogw-model");
    Model model(run_seed, state.path());
    for (int step = 0; step < 150; ++step) {
      INFO("step " << step);
      model.step();
    }
  }
  gpiogw::log::set_level(gpiogw::log::Level::info);
}
