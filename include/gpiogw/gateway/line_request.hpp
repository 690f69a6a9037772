#pragma once
// The gateway's first step: every configured line requested from the backend with its starting
// level (from `initial`, the state file, or a reload's handover), before anything may drive one.

#include <map>
#include <string>
#include <vector>

#include "gpiogw/config/config.hpp"
#include "gpiogw/gateway/outputs.hpp"
#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/pwm/pwm_outputs.hpp"

namespace gpiogw {

// What a gateway hands to the one that replaces it on a reload (SIGHUP).
struct Handover {
  std::vector<gpio::LineSpec> requested;  // the lines the backend holds, as requested
  Outputs::CarriedOver outputs;
  pwm::PwmOutputs::CarriedOver pwms;
  std::string broker;  // the node the old session was on ([mqtt] uri lists several)
};

// Whether two requests ask for the same lines with the same settings (initial values aside).
bool same_lines(std::vector<gpio::LineSpec> a, std::vector<gpio::LineSpec> b);

class LineRequest {
 public:
  // Outputs first (from backend index 0), then inputs, then counters. `restored`: the state file's
  // levels. With a `handover`, the backend's request stays when no line's request changed (kept()),
  // else it is released (handover->requested is cleared then) and made again. Throws
  // gpio::GpioError.
  LineRequest(const config::Config& config, gpio::Backend& gpio,
              const std::map<std::string, bool>& restored, Handover* handover);

  const std::vector<gpio::LineSpec>& specs() const { return specs_; }
  // Each output's starting level, in config order.
  const std::vector<bool>& levels() const { return levels_; }
  // The request was kept from before a reload: the lines have their old levels, not levels().
  bool kept() const { return kept_; }
  const Outputs::CarriedOver& carried() const { return carried_; }

 private:
  Outputs::CarriedOver carried_;
  std::vector<bool> levels_;
  std::vector<gpio::LineSpec> specs_;
  bool kept_ = false;
};

}  // namespace gpiogw
