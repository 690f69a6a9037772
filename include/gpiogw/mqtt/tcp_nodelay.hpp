#pragma once
// Paho C 1.3 has no option for TCP_NODELAY, and without it a QoS 1 exchange waits for the peer's
// delayed ACK (~40 ms per command). So after each connect the gateway finds its broker socket among
// the process's own descriptors, by the peer's port, and sets the option itself.

#include <cstdint>

namespace gpiogw::mqtt {

// Sets TCP_NODELAY on every connected TCP socket of this process whose peer port is `peer_port`.
// Returns how many sockets were changed.
int set_tcp_nodelay_for_peer_port(std::uint16_t peer_port);

}  // namespace gpiogw::mqtt
