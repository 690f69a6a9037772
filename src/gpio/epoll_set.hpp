#pragma once
// One pollable descriptor standing for several: a backend hands the gateway a single event_fd()
// however many line or notification fds lie behind it.

#include <cstdint>
#include <vector>

#include "gpiogw/base/unique_fd.hpp"

namespace gpiogw::gpio {

class EpollSet {
 public:
  EpollSet();  // throws GpioError

  // Watches `fd` for readability; ready() reports it by `key`. Throws GpioError.
  void add(int fd, std::uint64_t key);

  // The keys of the watched descriptors that are readable now; never blocks. Throws GpioError.
  std::vector<std::uint64_t> ready() const;

  int fd() const { return epoll_.get(); }

 private:
  UniqueFd epoll_;
  int watched_ = 0;
};

}  // namespace gpiogw::gpio
