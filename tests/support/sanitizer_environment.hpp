#pragma once
// Sanitizer settings for one child process, on top of the test preset's own.

#include <filesystem>
#include <string>
#include <vector>

namespace gpiogw::test {

// Environment entries for a gpiogw that a test drives into Paho C's known use-after-free
// (tests/sanitizers/tsan-paho-uaf.supp): under TSan, the preset's suppressions plus that file's,
// written to `dir`; elsewhere nothing. Every other process keeps TSan's full watch of Paho's
// threads.
std::vector<std::string> tolerating_paho_use_after_free(const std::filesystem::path& dir);

}  // namespace gpiogw::test
