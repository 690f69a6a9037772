#pragma once
// Reads a TOML file into a validated Config, collecting every error at once. Only this module's
// implementation includes toml++.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpiogw/config/config.hpp"

namespace gpiogw::config {

// One problem in a config file, e.g.
//   gpiogw.toml:12:9: output[1].line: line 17 is already used by output 'relay1'
struct Diagnostic {
  std::string file;
  unsigned line = 0;    // 1-based; 0 when the problem has no place in the file
  unsigned column = 0;  // 1-based
  std::string key;      // key path such as "mqtt.qos" or "output[1].line"; may be empty
  std::string message;

  std::string to_string() const;
};

struct LoadResult {
  std::optional<Config> config;  // set only when `errors` is empty
  std::vector<Diagnostic> errors;
};

LoadResult load_file(const std::filesystem::path& path);
// `source_name` stands for the file: it names it in diagnostics and becomes Config::source, and
// relative paths in the text are resolved against its folder.
LoadResult load_string(std::string_view toml_text, const std::string& source_name);

}  // namespace gpiogw::config
