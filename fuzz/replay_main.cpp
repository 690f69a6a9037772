// Runs a fuzz target on files without libFuzzer, so that the normal build checks the committed
// regression inputs and seed corpus on every test run:
//   replay_<target> FILE|DIR...
// A directory stands for every file in it. Fails when nothing at all was run, so a wrong path
// cannot pass as a success; a broken invariant aborts (see check.hpp).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs_in(const fs::path& path) {
  if (!fs::is_directory(path)) return {path};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::ranges::sort(files);
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    // A missing directory is an empty one: git keeps no empty regressions/ folder.
    if (!fs::exists(argv[i])) continue;
    for (const fs::path& file : inputs_in(argv[i])) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
        return 1;
      }
      const std::string bytes{std::istreambuf_iterator<char>(in), {}};
      std::printf("replay: %s\n", file.c_str());
      std::fflush(stdout);  // names the input if the target aborts
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++count;
    }
  }
  std::printf("replay: %zu inputs passed\n", count);
  return count > 0 ? 0 : 1;
}
