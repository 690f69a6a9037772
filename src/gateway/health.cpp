#include "gpiogw/gateway/health.hpp"

#include "gpiogw/version.hpp"

namespace gpiogw {

Health::Health(EventLoop& loop, Publish publish)
    : publish_(std::move(publish)),
      loop_(loop),
      started_(loop.now()),
      timer_(loop.make_timer([this] { this->publish(); })) {}

void Health::connected() {
  ++connects_;
  publish();
}

void Health::disconnected() {
  timer_.cancel();
}

void Health::error(std::string what) {
  last_error_ = std::move(what);
}

std::vector<std::pair<std::string_view, std::string>> Health::values() const {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(loop_.now() - started_);
  return {{kHealthNames[0], std::to_string(uptime.count())},
          {kHealthNames[1], kVersion},
          {kHealthNames[2], std::to_string(connects_ > 0 ? connects_ - 1 : 0)},
          {kHealthNames[3], last_error_}};
}

void Health::publish() {
  for (const auto& [name, value] : values()) publish_(std::string(name), value);
  timer_.arm_after(kInterval);
}

}  // namespace gpiogw
