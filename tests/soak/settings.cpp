#include "settings.hpp"

#include <charconv>
#include <cstdlib>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gpiogw::soak {
namespace {

constexpr std::uint64_t kDefaultSeconds = 150;

std::optional<std::uint64_t> number_from(const char* variable) {
  const char* text = std::getenv(variable);
  if (text == nullptr || *text == '\0') return std::nullopt;
  const std::string_view view(text);
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (error != std::errc() || end != view.data() + view.size()) {
    throw std::invalid_argument(std::string(variable) + "='" + text + "' is not a whole number");
  }
  return value;
}

}  // namespace

SoakSettings settings_from_environment() {
  const auto seconds = number_from("GPIOGW_SOAK_SECONDS").value_or(kDefaultSeconds);
  const auto seed = number_from("GPIOGW_SOAK_SEED");
  return {.duration = std::chrono::seconds(seconds),
          .seed = seed ? *seed
                       : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}()};
}

}  // namespace gpiogw::soak
