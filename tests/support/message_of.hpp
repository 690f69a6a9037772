#pragma once
// The message of the `Error` that `action` throws, or a marker when it throws none, so a test can
// compare whole error texts.

#include <string>

namespace gpiogw::test {

template <typename Error, typename Action>
std::string message_of(Action&& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace gpiogw::test
