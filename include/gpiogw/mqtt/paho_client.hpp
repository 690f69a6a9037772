#pragma once

#include <memory>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/mqtt/client.hpp"

namespace gpiogw::mqtt {

// Paho's callbacks run on Paho's threads; this client posts each of them to `loop`, so `handler`
// is only ever called on the loop thread. Throws std::invalid_argument for a URI Paho rejects.
std::unique_ptr<Client> make_paho_client(const Options& options, EventLoop& loop, Handler& handler);

}  // namespace gpiogw::mqtt
