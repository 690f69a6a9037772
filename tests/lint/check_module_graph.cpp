// Fails, naming each problem, when the includes under <source root> break the layering.
#include <cstdio>

#include "module_graph.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: check_module_graph <source root>\n");
    return 64;
  }
  const auto graph = gpiogw::lint::derive_module_graph(argv[1]);
  const auto problems = gpiogw::lint::check_module_graph(graph, gpiogw::lint::project_layering());
  for (const auto& problem : problems) std::fprintf(stderr, "%s\n", problem.c_str());
  std::size_t edges = 0;
  for (const auto& [module, uses] : graph) edges += uses.size();
  std::printf("%zu modules, %zu edges, %zu problems\n", graph.size(), edges, problems.size());
  return problems.empty() ? 0 : 1;
}
