// The module-graph checker on small trees made for it: it must find what it is there to find.
#include "module_graph.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "temp_dir.hpp"

using Catch::Matchers::ContainsSubstring;
using gpiogw::lint::check_module_graph;
using gpiogw::lint::derive_module_graph;
using gpiogw::lint::Layering;

namespace {

const Layering kLayering{{"base", {}}, {"config", {"base"}}, {"gateway", {"base", "config"}}};

void add(const gpiogw::test::TempDir& tree, const std::string& file, const std::string& text) {
  std::filesystem::create_directories((tree / file).parent_path());
  gpiogw::test::write_file(tree / file, text);
}

}  // namespace

TEST_CASE("a tree that keeps to the layering has no problems", "[lint]") {
  gpiogw::test::TempDir tree;
  add(tree, "include/gpiogw/base/log.hpp", "#include <string>\n");
  add(tree, "src/config/loader.cpp", "#include \"gpiogw/base/log.hpp\"\n");
  add(tree, "src/gateway/gateway.cpp",
      "#include \"gpiogw/config/config.hpp\"\n#include \"gpiogw/gateway/outputs.hpp\"\n");
  const auto graph = derive_module_graph(tree.path());
  CHECK(graph.at("gateway").size() == 1);  // its own header is no edge
  CHECK(check_module_graph(graph, kLayering).empty());
}

TEST_CASE("an upward include and the cycle it makes are both reported, with the file", "[lint]") {
  gpiogw::test::TempDir tree;
  add(tree, "src/config/loader.cpp", "#include \"gpiogw/base/log.hpp\"\n");
  add(tree, "include/gpiogw/base/log.hpp",
      "#pragma once\n  #include \"gpiogw/config/config.hpp\"\n");
  const auto problems = check_module_graph(derive_module_graph(tree.path()), kLayering);
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0], ContainsSubstring("include/gpiogw/base/log.hpp:2: 'base' includes "
                                            "'config', which the layering does not allow"));
  CHECK_THAT(problems[1], ContainsSubstring("cycle: base -> config -> base"));
}

TEST_CASE("a relative include into another module counts, and an unknown module is named",
          "[lint]") {
  gpiogw::test::TempDir tree;
  add(tree, "src/config/reader.cpp", "#include \"../gateway/private.hpp\"\n");
  add(tree, "src/extras/thing.cpp", "#include <vector>\n");
  const auto problems = check_module_graph(derive_module_graph(tree.path()), kLayering);
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0], ContainsSubstring("'config' includes 'gateway'"));
  CHECK_THAT(problems[1], ContainsSubstring("module 'extras' is not in the layering"));
}

TEST_CASE("the project's own tree keeps to its layering", "[lint]") {
  const auto problems =
      check_module_graph(derive_module_graph(GPIOGW_SOURCE_DIR), gpiogw::lint::project_layering());
  for (const auto& problem : problems) UNSCOPED_INFO(problem);
  CHECK(problems.empty());
}
