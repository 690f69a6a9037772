// gpiogw as systemd's Type=notify sees it: NOTIFY_SOCKET points at a datagram socket the test owns.
#include <catch2/catch_test_macros.hpp>

#include <csignal>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "notify_socket.hpp"

using namespace std::chrono_literals;
using gpiogw::test::Broker;
using gpiogw::test::GatewayProcess;
using gpiogw::test::NotifySocket;

namespace {

std::unique_ptr<GatewayProcess> start_notifying(const std::string& broker_uri,
                                                const NotifySocket& notify,
                                                std::vector<std::string> environment = {}) {
  environment.push_back(notify.environment());
  return std::make_unique<GatewayProcess>(gpiogw::test::standard_config(broker_uri, "sim"),
                                          environment);
}

}  // namespace

TEST_CASE("gpiogw reports READY=1 once connected, its connection in STATUS= and STOPPING=1",
          "[systemd]") {
  Broker broker;
  NotifySocket notify;
  auto gateway = start_notifying(broker.uri(), notify);
  REQUIRE(notify.wait_for("READY=1", 10s));
  CHECK(notify.lines_starting_with("STATUS=") ==
        std::vector<std::string>{"STATUS=connecting to " + broker.uri(),
                                 "STATUS=connected to " + broker.uri()});

  gateway->process().signal(SIGTERM);
  CHECK(notify.wait_for("STOPPING=1", 5s));
  CHECK(gateway->process().wait_for_exit(5s) == 0);
  CHECK(notify.count("READY=1") == 1);
  CHECK(notify.count("WATCHDOG=1") == 0);  // nobody asked for a watchdog
}

TEST_CASE("without a broker gpiogw is ready after the first attempt and says it is reconnecting",
          "[systemd]") {
  const auto nobody = "tcp://127.0.0.1:" + std::to_string(gpiogw::test::free_loopback_port());
  NotifySocket notify;
  auto gateway = start_notifying(nobody, notify);
  REQUIRE(notify.wait_for("READY=1", 10s));
  const auto statuses = notify.lines_starting_with("STATUS=");
  REQUIRE(statuses.size() == 2);
  CHECK(statuses[0] == "STATUS=connecting to " + nobody);
  CHECK(statuses[1].starts_with("STATUS=reconnecting to " + nobody + " in "));
}

TEST_CASE("with WATCHDOG_USEC set the loop sends WATCHDOG=1 well within the interval",
          "[systemd]") {
  Broker broker;
  NotifySocket notify;
  auto gateway = start_notifying(broker.uri(), notify, {"WATCHDOG_USEC=1000000"});
  REQUIRE(notify.wait_for("READY=1", 10s));
  const auto before = notify.count("WATCHDOG=1");
  notify.collect_for(4s);
  // sd-event pings at a quarter to half of the interval: 8 to 16 in 4 s; at least 5 leaves
  // room for a loaded or emulated machine but not for a single ping per interval (4).
  CHECK(notify.count("WATCHDOG=1") - before >= 5);
  CHECK(gateway->log().find("systemd watchdog") != std::string::npos);
}
