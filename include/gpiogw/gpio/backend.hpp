#pragma once
// The narrow interface between the gateway and GPIO hardware (mock, libgpiod v1 or v2).

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "gpiogw/base/line.hpp"

namespace gpiogw::gpio {

// Any failure to open a chip or request, read or set a line. The message names the chip, the line
// and the reason, ready for the log.
class GpioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Backend {
 public:
  virtual ~Backend() = default;

  // Requests every line at once; later calls address a line by its index in `specs`.
  // Lines are released when the backend is destroyed. Throws GpioError.
  virtual void request(std::span<const LineSpec> specs) = 0;
  // Gives every line back to the kernel; request() may be called again (a reload that changes
  // the lines).
  virtual void release() = 0;

  // Logical values. set() on an input, or an index outside the request, throws GpioError.
  virtual void set(std::size_t index, bool active) = 0;
  virtual bool get(std::size_t index) = 0;

  // A descriptor that polls readable while edge events are pending; -1 if no input was requested
  // (gpiod: no input with an edge setting). Watch it in the loop, then call read_events().
  virtual int event_fd() const = 0;
  // Drains the pending edge events without blocking; may return none (e.g. a filtered edge).
  virtual std::vector<EdgeEvent> read_events() = 0;

  // Where a requested line ended up, e.g. "gpiochip0 [pinctrl-bcm2711] offset 17 (GPIO17)", for
  // the log.
  virtual std::string describe(std::size_t index) const = 0;

  // Whether inputs are debounced below this interface (libgpiod v2: in the kernel, with each
  // LineSpec's `debounce`); if not, the caller debounces in software (gpio::Debouncer).
  virtual bool debounces() const = 0;
};

}  // namespace gpiogw::gpio
