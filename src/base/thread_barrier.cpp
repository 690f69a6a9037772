#include "gpiogw/base/thread_barrier.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace gpiogw {
namespace {

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& exception) {
    return exception.what();
  } catch (...) {
    return "an unknown exception";
  }
}

}  // namespace

void fail_on_loop(EventLoop& loop, std::string_view where, std::exception_ptr error) noexcept {
  try {
    loop.post([message = fmt::format("{}: {}", where, describe(error))] {
      throw std::runtime_error(message);
    });
  } catch (...) {
    constexpr std::string_view kLastWords =
        "gpiogw: internal error on a thread outside the loop, and no way to report it; exiting\n";
    [[maybe_unused]] const auto written =
        ::write(STDERR_FILENO, kLastWords.data(), kLastWords.size());
    std::_Exit(kExitSoftware);
  }
}

}  // namespace gpiogw
