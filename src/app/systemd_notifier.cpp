#include "gpiogw/app/systemd_notifier.hpp"

#include <systemd/sd-daemon.h>

#include <string>

#include "gpiogw/base/log.hpp"
#include "gpiogw/config/duration.hpp"

namespace gpiogw {
namespace {

void notify(const std::string& message) {
  // Failing to notify is not fatal: systemd then times the start out or restarts the service.
  if (const int result = sd_notify(0, message.c_str()); result < 0) {
    log::debug("sd_notify({}) failed: error {}", message, -result);
  }
}

}  // namespace

SystemdNotifier::SystemdNotifier(EventLoop& loop) {
  uint64_t usec = 0;
  if (loop.enable_watchdog() && sd_watchdog_enabled(0, &usec) > 0) {
    log::info("systemd watchdog: the loop reports every {} at most",
              config::format_duration(std::chrono::milliseconds(usec / 2000)));
  }
}

void SystemdNotifier::connecting(std::string_view uri) {
  notify(fmt::format("STATUS=connecting to {}", uri));
}

void SystemdNotifier::connected(std::string_view uri) {
  ready_with_status(fmt::format("connected to {}", uri));
}

void SystemdNotifier::reconnecting(std::string_view uri, std::string_view reason,
                                   std::chrono::milliseconds delay) {
  ready_with_status(
      fmt::format("reconnecting to {} in {} ({})", uri, config::format_duration(delay), reason));
}

void SystemdNotifier::stopping() {
  notify("STOPPING=1\nSTATUS=stopping");
}

void SystemdNotifier::reloading() {
  notify("RELOADING=1\nSTATUS=reloading the configuration");
}

void SystemdNotifier::reloaded() {
  notify("READY=1\nSTATUS=configuration reloaded");
}

void SystemdNotifier::ready_with_status(const std::string& status) {
  notify(ready_ ? "STATUS=" + status : "READY=1\nSTATUS=" + status);
  ready_ = true;
}

}  // namespace gpiogw
