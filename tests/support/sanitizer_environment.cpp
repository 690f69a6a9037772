#include "sanitizer_environment.hpp"

#include <cstdlib>

#include "temp_dir.hpp"

namespace gpiogw::test {

std::vector<std::string> tolerating_paho_use_after_free(const std::filesystem::path& dir) {
  const char* options = std::getenv("TSAN_OPTIONS");
  if (options == nullptr) return {};
  const std::filesystem::path sanitizers =
      std::filesystem::path(GPIOGW_SOURCE_DIR) / "tests" / "sanitizers";
  const auto suppressions = dir / "tsan-with-paho-uaf.supp";
  write_file(suppressions,
             read_file(sanitizers / "tsan.supp") + read_file(sanitizers / "tsan-paho-uaf.supp"));
  // A later suppressions= in the same options wins.
  return {"TSAN_OPTIONS=" + std::string(options) + ":suppressions=" + suppressions.string()};
}

}  // namespace gpiogw::test
