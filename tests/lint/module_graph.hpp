#pragma once
// The module graph of the source tree, derived from its #include lines, checked against the
// documented layering (docs/architecture.md). A module is a folder under src/ or include/gpiogw/.

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace gpiogw::lint {

// module -> the modules it includes, each with one file that shows it ("src/gpio/x.cpp:12").
using ModuleGraph = std::map<std::string, std::map<std::string, std::string>>;
// module -> the modules it may include.
using Layering = std::map<std::string, std::set<std::string>>;

// The project's layering: base -> config -> gpio, sensors, mqtt, chat, homeassistant ->
// gateway -> tools, app.
const Layering& project_layering();

ModuleGraph derive_module_graph(const std::filesystem::path& source_root);

// One line per problem: an edge the layering does not allow, a module it does not know, a cycle.
std::vector<std::string> check_module_graph(const ModuleGraph& graph, const Layering& layering);

}  // namespace gpiogw::lint
