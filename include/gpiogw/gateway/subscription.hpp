#pragma once
// One subscription the session makes after every connect.

#include <string>

#include "gpiogw/mqtt/client.hpp"

namespace gpiogw {

struct Subscription {
  std::string filter;
  mqtt::RetainFlag retain_flag;
};

}  // namespace gpiogw
