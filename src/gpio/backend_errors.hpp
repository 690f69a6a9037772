#pragma once
// Error texts the backends share, so a user reads the same with the mock, libgpiod v1 and v2.
// No libgpiod types here: the gpiod backends turn their library's exceptions into error codes.

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include "gpiogw/gpio/backend.hpp"
#include "gpiogw/gpio/chip_info.hpp"

namespace gpiogw::gpio {

// Why a chip could not be opened, as a user can act on it.
std::string open_error_text(const std::error_code& error);

// A chip that was there when the chips were scanned cannot be opened now.
GpioError chip_open_failed(const ChipInfo& chip, const std::error_code& error);

// Whether a failed request means someone else holds the line (then look up its consumer).
bool is_busy(const std::error_code& error);

// "output 'relay': cannot request gpiochip0 [...] offset 17 (GPIO17): busy: held by consumer "x""
GpioError request_failed(const LineSpec& spec, std::string_view where, const std::error_code& error,
                         std::string_view consumer);

// "input 'door': cannot read gpiochip0 [...] offset 27: <reason>"; `action` is "set", "read", ...
GpioError access_failed(const LineSpec& spec, std::string_view action, std::string_view where,
                        const std::error_code& error);

// set() on an input.
GpioError not_an_output(const LineSpec& spec, std::string_view where);

// An index outside the request; `backend` is "gpiod" or "mock".
GpioError no_such_index(std::string_view backend, std::size_t index, std::size_t requested);

GpioError already_requested(std::string_view backend);

// A failed system call: "<what>: <errno's message>".
[[noreturn]] void throw_errno(std::string_view what);

}  // namespace gpiogw::gpio
