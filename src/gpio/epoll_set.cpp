#include "epoll_set.hpp"

#include <sys/epoll.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "backend_errors.hpp"

namespace gpiogw::gpio {

EpollSet::EpollSet() : epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (!epoll_) throw_errno("epoll_create1");
}

void EpollSet::add(int fd, std::uint64_t key) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = key;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) throw_errno("epoll_ctl");
  ++watched_;
}

std::vector<std::uint64_t> EpollSet::ready() const {
  std::vector<epoll_event> events(static_cast<std::size_t>(watched_ > 0 ? watched_ : 1));
  int n = 0;
  do {
    n = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw_errno("epoll_wait");

  std::vector<std::uint64_t> keys;
  keys.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) keys.push_back(events[static_cast<std::size_t>(i)].data.u64);
  return keys;
}

}  // namespace gpiogw::gpio
