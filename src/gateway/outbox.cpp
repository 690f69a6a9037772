#include "gpiogw/gateway/outbox.hpp"

#include "gpiogw/base/log.hpp"

namespace gpiogw {

void Outbox::keep(OutgoingMessage message) {
  if (capacity_ == 0 || messages_.size() == capacity_) {
    if (dropped_ == 0 && capacity_ == 0) {
      log::warning("offline_buffer = 0: dropping what happens until the broker is back");
    } else if (dropped_ == 0) {
      log::warning(
          "offline buffer full ({} messages): dropping the oldest until the broker is back; "
          "raise [mqtt] offline_buffer to keep more",
          capacity_);
    }
    ++dropped_;
    if (capacity_ == 0) return;
    messages_.pop_front();
  }
  messages_.push_back(std::move(message));
}

std::size_t Outbox::send_all(const std::function<bool(const OutgoingMessage&)>& send) {
  std::size_t sent = 0;
  while (!messages_.empty() && send(messages_.front())) {
    messages_.pop_front();
    ++sent;
  }
  if (sent > 0 || dropped_ > 0) {
    log::info("sent {} message{} kept while disconnected{}", sent, sent == 1 ? "" : "s",
              dropped_ > 0 ? fmt::format("; {} older ones were dropped", dropped_) : "");
  }
  if (messages_.empty()) dropped_ = 0;
  return sent;
}

}  // namespace gpiogw
