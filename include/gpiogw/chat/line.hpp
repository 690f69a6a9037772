#pragma once
// How one line in the chat room is read: whether it is addressed to us, whether it is another
// gateway's reply, and whether it is acceptable text at all. Pure functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gpiogw::chat {

inline constexpr std::size_t kMaxLineBytes = 256;   // longer command lines are refused
inline constexpr std::size_t kMaxReplyBytes = 400;  // longer replies are cut, marked with "..."

// "@kitchen toggle relay1" -> "toggle relay1" for the name "kitchen" (any case); "@all ..." too.
// A ':' or ',' right after the name is allowed ("@kitchen: help"). Nothing for any other line.
std::optional<std::string_view> addressed_body(std::string_view line, std::string_view name);

// Gateway replies read "@alice ok: ...", "@alice error: ..." or "@alice not allowed". Such a body
// is never taken as a command: that is what stops two gateways answering each other forever when
// someone sends one a line that seems to come from the other.
bool is_reply(std::string_view body);

bool is_valid_utf8(std::string_view text);

// Why a command line cannot be taken (too long, not UTF-8, control characters), or nothing.
std::optional<std::string> check_line(std::string_view line);

// One line of at most kMaxReplyBytes: control characters become spaces, the end is cut on a
// character boundary and marked "...".
std::string one_line(std::string_view text);

}  // namespace gpiogw::chat
