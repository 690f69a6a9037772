// The broker session on the loop's manual clock, with a scripted mqtt::Client: when it retries,
// what it tells the disconnect policy, and what it sends after a connect, in which order.
#include "gpiogw/gateway/mqtt_session.hpp"

#include <catch2/catch_test_macros.hpp>

#include <set>
#include <string>
#include <vector>

#include "gpiogw/base/log.hpp"

using namespace std::chrono_literals;
using gpiogw::EventLoop;
using gpiogw::MqttSession;
using TimePoint = EventLoop::TimePoint;

namespace {

// The broker as a script: up or down. Outcomes are posted to the loop, as Paho's are.
class ScriptedClient final : public gpiogw::mqtt::Client {
 public:
  ScriptedClient(EventLoop& loop, gpiogw::mqtt::Handler& handler, std::vector<std::string>& log,
                 std::vector<TimePoint>& attempts, bool& up)
      : loop_(loop), handler_(handler), log_(log), attempts_(attempts), up_(up) {}

  void connect(const std::string& uri) override {
    attempts_.push_back(loop_.now());
    uris.push_back(uri);
    loop_.post([this, uri] {
      if (up_ && !down.contains(uri)) {
        connected_ = true;
        handler_.on_connected();
      } else {
        handler_.on_connect_failed("connection refused (scripted)");
      }
    });
  }
  bool connected() const override { return connected_; }
  void subscribe(const std::string& filter, int, gpiogw::mqtt::RetainFlag retain_flag) override {
    log_.push_back("subscribe " + filter +
                   (retain_flag == gpiogw::mqtt::RetainFlag::as_published ? " as_published" : ""));
  }
  bool publish(const std::string& topic, std::string_view payload, int, bool retain) override {
    if (!connected_) return false;
    if (!topic.starts_with("gw/diagnostics/")) {
      log_.push_back("publish " + topic + " " + std::string(payload) + (retain ? " retained" : ""));
    }
    return true;
  }
  void disconnect(std::chrono::milliseconds) override {
    connected_ = false;
    log_.push_back("disconnect");
  }
  std::vector<std::string> uris;  // where each attempt went
  std::set<std::string> down;     // nodes that refuse, even when the broker is up

  void lose(const std::string& reason) {
    connected_ = false;
    up_ = false;
    loop_.post([this, reason] { handler_.on_connection_lost(reason); });
  }

 private:
  EventLoop& loop_;
  gpiogw::mqtt::Handler& handler_;
  std::vector<std::string>& log_;
  std::vector<TimePoint>& attempts_;
  bool& up_;
  bool connected_ = false;
};

struct Recorder final : gpiogw::SessionListener, gpiogw::DisconnectPolicy {
  std::vector<std::string>& log;
  std::optional<TimePoint> deadline;
  std::vector<std::string> evidence;
  int lost = 0;
  int back = 0;
  explicit Recorder(std::vector<std::string>& log) : log(log) {}

  void on_connected() override { log.push_back("listener: connected"); }
  void publish_states() override { log.push_back("listener: states"); }
  void on_message(const std::string& topic, const std::string& payload, bool) override {
    log.push_back("message " + topic + " " + payload);
  }
  void broker_lost() override { ++lost; }
  void broker_back() override { ++back; }
  std::optional<TimePoint> next_disconnect_deadline() const override { return deadline; }
  void broker_unreachable(std::string_view text) override { evidence.emplace_back(text); }
};

gpiogw::config::Mqtt mqtt_config(std::vector<std::string> uris) {
  gpiogw::config::Mqtt config;
  config.uris = std::move(uris);
  config.client_id = "gpiogw-session-test";
  return config;
}

struct Fixture {
  explicit Fixture(std::vector<std::string> uris = {"tcp://127.0.0.1:1"})
      : config(mqtt_config(std::move(uris))) {}

  EventLoop loop{EventLoop::ManualClock{TimePoint(1h)}};
  gpiogw::config::Mqtt config;
  gpiogw::Topics topics{"gw"};
  std::vector<std::string> log;
  std::vector<TimePoint> attempts;
  bool up = false;
  ScriptedClient* client = nullptr;
  Recorder recorder{log};
  MqttSession session{config,
                      topics,
                      loop,
                      [this](gpiogw::mqtt::Handler& handler) {
                        auto made =
                            std::make_unique<ScriptedClient>(loop, handler, log, attempts, up);
                        client = made.get();
                        return made;
                      },
                      recorder,
                      recorder};
  const TimePoint start = loop.now();

  // The delays the back-off gives for this client id: 1 s, 2 s, 4 s ..., each shortened by up to
  // a fifth, with the jitter seeded from the client id.
  std::vector<EventLoop::Duration> expected_delays(int n,
                                                   std::chrono::milliseconds cap = 30s) const {
    gpiogw::Backoff backoff(1s, cap,
                            static_cast<std::uint32_t>(std::hash<std::string>{}(config.client_id)));
    std::vector<EventLoop::Duration> delays;
    for (int i = 0; i < n; ++i) delays.push_back(backoff.next());
    return delays;
  }
};

}  // namespace

TEST_CASE("a session retries at 1 s, 2 s, 4 s ... with jitter seeded from the client id",
          "[core][mqtt_session]") {
  gpiogw::log::set_level(gpiogw::log::Level::error);
  Fixture f;
  f.session.start({});
  f.loop.advance(20s);
  const auto delays = f.expected_delays(4);
  REQUIRE(f.attempts.size() >= 5);
  TimePoint at = f.start;
  for (std::size_t i = 0; i < 5; ++i) {
    INFO("attempt " << i + 1);
    CHECK(f.attempts[i] == at);
    if (i == 4) break;
    const EventLoop::Duration nominal = std::chrono::seconds(1 << i);
    CHECK(delays[i] <= nominal);
    CHECK(delays[i] >= nominal * 4 / 5);
    at += delays[i];
  }
  CHECK(f.recorder.evidence.at(0) == "connect attempt 1 failed: \"connection refused (scripted)\"");
  CHECK(f.recorder.evidence.at(2) == "connect attempt 3 failed: \"connection refused (scripted)\"");
  CHECK(f.recorder.back == 0);
  gpiogw::log::set_level(gpiogw::log::Level::info);
}

TEST_CASE("a session makes an attempt exactly at an on_disconnect deadline",
          "[core][mqtt_session]") {
  gpiogw::log::set_level(gpiogw::log::Level::error);
  Fixture f;
  const TimePoint deadline = f.start + 1500ms + 1us;  // between the second and the third attempt
  f.recorder.deadline = deadline;
  f.session.start({});
  f.loop.advance(1400ms);
  REQUIRE(f.attempts.size() == 2);  // at the start and about 1 s later
  f.recorder.deadline.reset();      // the policy acts at the deadline's attempt
  f.loop.advance(200ms);
  REQUIRE(f.attempts.size() == 3);
  CHECK(f.attempts[2] == deadline);
  CHECK(f.recorder.evidence.back() ==
        "connect attempt 3 failed: \"connection refused (scripted)\"");
  // Then the back-off goes on from where it was: the third delay, about 4 s.
  f.loop.advance(5s);
  REQUIRE(f.attempts.size() == 4);
  CHECK(f.attempts[3] == deadline + f.expected_delays(3)[2]);
  gpiogw::log::set_level(gpiogw::log::Level::info);
}

TEST_CASE("after a connect the session subscribes, says online, then sends the outbox",
          "[core][mqtt_session]") {
  gpiogw::log::set_level(gpiogw::log::Level::error);
  Fixture f;
  f.session.send({.topic = "gw/output/a", .payload = "ON", .qos = 1, .retain = true});
  f.session.send({.topic = "gw/output/a", .payload = "OFF", .qos = 1, .retain = true});
  f.up = true;
  f.session.start(
      {{.filter = "gw/cmd", .retain_flag = gpiogw::mqtt::RetainFlag::as_published},
       {.filter = "ha/status", .retain_flag = gpiogw::mqtt::RetainFlag::replayed_only}});
  f.loop.run_pending();
  CHECK(f.log == std::vector<std::string>{"subscribe gw/cmd as_published", "subscribe ha/status",
                                          "publish gw/status online retained",
                                          "listener: connected", "publish gw/output/a ON retained",
                                          "publish gw/output/a OFF retained", "listener: states"});
  CHECK(f.recorder.back == 1);
  f.log.clear();
  f.session.send({.topic = "gw/sensor/t", .payload = "21.5", .qos = 1, .retain = false});
  CHECK(f.log == std::vector<std::string>{"publish gw/sensor/t 21.5"});
  gpiogw::log::set_level(gpiogw::log::Level::info);
}

TEST_CASE("a lost connection is evidence for the policy and is retried", "[core][mqtt_session]") {
  gpiogw::log::set_level(gpiogw::log::Level::error);
  Fixture f;
  f.up = true;
  f.session.start({});
  f.loop.run_pending();
  const int lost_before = f.recorder.lost;
  f.loop.advance(10s);
  f.client->lose("keep-alive timeout");
  f.loop.run_pending();
  CHECK(f.recorder.lost == lost_before + 1);
  CHECK(f.recorder.evidence ==
        std::vector<std::string>{"the connection was lost: \"keep-alive timeout\""});
  f.up = true;
  f.loop.advance(f.expected_delays(1)[0]);
  CHECK(f.attempts.back() == f.start + 10s + f.expected_delays(1)[0]);
  CHECK(f.session.connected());
  gpiogw::log::set_level(gpiogw::log::Level::info);
}

TEST_CASE("a stop says offline before disconnecting; a hand-over disconnects silently",
          "[core][mqtt_session]") {
  gpiogw::log::set_level(gpiogw::log::Level::error);
  for (const auto farewell : {MqttSession::Farewell::offline, MqttSession::Farewell::silent}) {
    Fixture f;
    f.up = true;
    f.session.start({});
    f.loop.run_pending();
    f.log.clear();
    f.session.disconnect(farewell);
    if (farewell == MqttSession::Farewell::offline) {
      CHECK(f.log == std::vector<std::string>{"publish gw/status offline retained", "disconnect"});
    } else {
      CHECK(f.log == std::vector<std::string>{"disconnect"});
    }
  }
  gpiogw::log::set_level(gpiogw::log::Level::info);
}

TEST_CASE("a lost node: the next attempt goes to the next node, about 1 s later",
          "[core][mqtt_session]") {
  gpiogw::log::set_level(gpiogw::log::Level::error);
  Fixture f({"tcp://127.0.0.1:1", "tcp://127.0.0.1:2", "tcp://127.0.0.1:3"});
  f.up = true;
  f.session.start({});
  f.loop.run_pending();
  REQUIRE(f.session.connected());
  const std::string first = f.client->uris.at(0);
  f.loop.advance(10s);
  f.client->down.insert(first);  // that node died; the cluster is up
  f.client->lose("connection reset by peer");
  f.up = true;
  f.loop.run_pending();
  const auto next_node_delay = f.expected_delays(1, 1s)[0];
  f.loop.advance(next_node_delay);
  REQUIRE(f.attempts.size() == 2);
  CHECK(f.attempts[1] == f.start + 10s + next_node_delay);
  CHECK(f.client->uris[1] != first);
  CHECK(f.session.connected());
  CHECK(f.recorder.back == 2);
  gpiogw::log::set_level(gpiogw::log::Level::info);
}

TEST_CASE("every node down: each is tried in turn, and the back-off grows once per round",
          "[core][mqtt_session]") {
  gpiogw::log::set_level(gpiogw::log::Level::error);
  Fixture f({"tcp://127.0.0.1:1", "tcp://127.0.0.1:2"});
  f.session.start({});
  f.loop.advance(20s);
  REQUIRE(f.attempts.size() >= 6);
  const auto next_node = f.expected_delays(3, 1s);
  const auto rounds = f.expected_delays(3);
  // Attempts on node A, B (after a next-node delay), A (after the back-off's first step), B ...
  const std::vector<EventLoop::Duration> gaps{next_node[0], rounds[0], next_node[1], rounds[1],
                                              next_node[2]};
  TimePoint at = f.start;
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    INFO("attempt " << i + 2);
    at += gaps[i];
    CHECK(f.attempts[i + 1] == at);
    CHECK(f.client->uris[i + 1] != f.client->uris[i]);  // A, B, A, B ...
    CHECK(f.client->uris[i + 1] == f.client->uris[(i + 1) % 2]);
  }
  gpiogw::log::set_level(gpiogw::log::Level::info);
}
