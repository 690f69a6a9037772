#include "rig.hpp"

#include <csignal>
#include <stdexcept>

namespace gpiogw::bench {

EchoProcess::EchoProcess(const BenchOptions& options, std::uint16_t port, const std::string& mode,
                         int qos)
    : topic_("bench/" + mode + "/q" + std::to_string(qos)) {
  process_ = std::make_unique<test::Process>(
      std::vector<std::string>{options.self.string(), mode, "--port", std::to_string(port), "--qos",
                               std::to_string(qos), "--from", from(), "--to", to()},
      dir_ / "echo.log");
  if (!process_->wait_for_output("echo ready", std::chrono::seconds(10))) {
    throw std::runtime_error(mode + " client did not start: " + process_->output());
  }
}

EchoProcess::~EchoProcess() {
  process_->signal(SIGTERM);
  process_->wait_for_exit(std::chrono::seconds(2));
}

}  // namespace gpiogw::bench
