#pragma once
// A sensor's own `topic` must stay clear of every topic the gateway subscribes to or publishes
// itself: a sensor publishing on an output's /set would switch that output at every reading.

#include <vector>

#include "gpiogw/config/config.hpp"
#include "reader.hpp"

namespace gpiogw::config::detail {

// Reports each sensor topic that matches one of the gateway's own topics or subscriptions, at the
// sensor's `topic` key, naming the clash. `readers` are the [[sensor]] tables, one per sensor.
// Needs the defaults filled in: the topic prefix and the chat name may come from them.
void check_sensor_topics(const Config& config, std::vector<TableReader>& readers);

}  // namespace gpiogw::config::detail
