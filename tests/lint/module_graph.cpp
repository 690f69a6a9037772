#include "module_graph.hpp"

#include <fstream>
#include <functional>
#include <regex>

namespace gpiogw::lint {
namespace fs = std::filesystem;

const Layering& project_layering() {
  static const Layering layering = [] {
    const std::set<std::string> model{"base", "config"};
    const std::set<std::string> adapters{"base", "config",        "gpio", "sensors", "mqtt",
                                         "chat", "homeassistant", "pwm",  "gesture", "rules"};
    Layering table{{"base", {}}, {"config", {"base"}}};
    for (const char* name : {"gpio", "sensors", "mqtt", "chat", "homeassistant", "pwm", "gesture"})
      table[name] = model;
    // Counting needs the line values (gpio) and the model, nothing above them.
    table["counter"] = {"base", "config", "gpio"};
    // The rule table checks its actions as chat commands.
    table["rules"] = {"base", "config", "chat"};
    auto gateway = adapters;
    gateway.insert("counter");
    table["gateway"] = gateway;
    table["tools"] = {"base", "config", "mqtt", "chat", "sensors", "homeassistant"};
    auto app = gateway;
    app.insert({"gateway", "tools"});
    table["app"] = app;
    return table;
  }();
  return layering;
}

ModuleGraph derive_module_graph(const fs::path& source_root) {
  // "gpiogw/<module>/..." from anywhere, or "../<module>/..." from a sibling folder of src/.
  static const std::regex include(R"(^\s*#\s*include\s*"(?:gpiogw/|\.\./)([a-z_]+)/)");
  ModuleGraph graph;
  for (const auto& top : {source_root / "src", source_root / "include" / "gpiogw"}) {
    if (!fs::is_directory(top)) continue;
    for (const auto& module : fs::directory_iterator(top)) {
      if (!module.is_directory()) continue;
      const std::string name = module.path().filename().string();
      graph[name];  // a module with no includes is still one
      for (const auto& file : fs::recursive_directory_iterator(module.path())) {
        const auto extension = file.path().extension();
        if (!file.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) continue;
        std::ifstream in(file.path());
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
          std::smatch match;
          if (!std::regex_search(line, match, include) || match[1] == name) continue;
          graph[name].emplace(match[1], fs::relative(file.path(), source_root).string() + ":" +
                                            std::to_string(number));
        }
      }
    }
  }
  return graph;
}

std::vector<std::string> check_module_graph(const ModuleGraph& graph, const Layering& layering) {
  std::vector<std::string> problems;
  for (const auto& [module, uses] : graph) {
    const auto allowed = layering.find(module);
    if (allowed == layering.end()) {
      problems.push_back("module '" + module + "' is not in the layering (docs/architecture.md)");
      continue;
    }
    for (const auto& [used, where] : uses) {
      if (!allowed->second.contains(used))
        problems.push_back(where + ": '" + module + "' includes '" + used +
                           "', which the layering does not allow");
    }
  }
  // Cycles, whatever the table says: a depth-first search that reports each back edge's loop.
  std::map<std::string, int> state;  // 0 unseen, 1 on the path, 2 done
  std::vector<std::string> path;
  const std::function<void(const std::string&)> visit = [&](const std::string& module) {
    state[module] = 1;
    path.push_back(module);
    if (const auto found = graph.find(module); found != graph.end()) {
      for (const auto& [used, where] : found->second) {
        if (state[used] == 1) {
          std::string loop;
          for (auto at = std::find(path.begin(), path.end(), used); at != path.end(); ++at)
            loop += *at + " -> ";
          problems.push_back("cycle: " + loop + used + " (" + where + ")");
        } else if (state[used] == 0) {
          visit(used);
        }
      }
    }
    path.pop_back();
    state[module] = 2;
  };
  for (const auto& [module, uses] : graph) {
    if (state[module] == 0) visit(module);
  }
  return problems;
}

}  // namespace gpiogw::lint
