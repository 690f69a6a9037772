#include "gpiogw/chat/line.hpp"

#include <fmt/format.h>

#include "gpiogw/base/text.hpp"

namespace gpiogw::chat {
namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

}  // namespace

std::optional<std::string_view> addressed_body(std::string_view line, std::string_view name) {
  line = trim(line);
  if (!line.starts_with('@')) return std::nullopt;
  line.remove_prefix(1);
  const auto end = line.find_first_of(std::string_view(" \t:,"));
  const std::string_view address = line.substr(0, end);
  if (!equal_ignoring_case(address, name) && !equal_ignoring_case(address, "all")) {
    return std::nullopt;
  }
  if (end == std::string_view::npos) return std::string_view();
  std::string_view body = line.substr(end);
  if (body.starts_with(':') || body.starts_with(',')) body.remove_prefix(1);
  return trim(body);
}

bool is_reply(std::string_view body) {
  const std::string_view first_word = body.substr(0, body.find_first_of(kBlanks));
  return first_word.ends_with(':') || equal_ignoring_case(trim(body), "not allowed");
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, min = 0x80, code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, min = 0x800, code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, code = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if (!is_continuation(byte)) return false;
      code = (code << 6) | (byte & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

std::optional<std::string> check_line(std::string_view line) {
  if (line.size() > kMaxLineBytes) {
    return fmt::format("line too long ({} bytes, at most {})", line.size(), kMaxLineBytes);
  }
  if (!is_valid_utf8(line)) return std::string("not valid UTF-8");
  for (const char c : line) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      return std::string("control characters are not allowed");
    }
  }
  return std::nullopt;
}

std::string one_line(std::string_view text) {
  std::string line;
  line.reserve(std::min(text.size(), kMaxReplyBytes));
  for (const char c : text) line += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c;
  if (line.size() <= kMaxReplyBytes) return line;
  std::size_t cut = kMaxReplyBytes - 3;
  while (cut > 0 && is_continuation(static_cast<unsigned char>(line[cut]))) --cut;
  line.resize(cut);
  return line + "...";
}

}  // namespace gpiogw::chat
