#include "gpiogw/gateway/initial_levels.hpp"

#include "gpiogw/base/log.hpp"

namespace gpiogw {

std::vector<bool> initial_levels(const std::vector<config::Output>& outputs,
                                 const std::map<std::string, bool>& restored) {
  std::vector<bool> levels;
  std::map<std::string, std::string> group_on;  // interlock group -> the output that starts on
  for (const auto& output : outputs) {
    bool on = output.initial == config::Initial::on;
    if (output.initial == config::Initial::restore) {
      const auto found = restored.find(output.name);
      on = found != restored.end() && found->second;
    }
    if (on && !output.interlock.empty()) {
      const auto [holder, fresh] = group_on.emplace(output.interlock, output.name);
      if (!fresh) {
        log::warning("output '{}' starts off: '{}' of interlock group '{}' is already on",
                     output.name, holder->second, output.interlock);
        on = false;
      }
    }
    levels.push_back(on);
  }
  return levels;
}

}  // namespace gpiogw
