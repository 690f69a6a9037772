#include "gpiogw/gpio/mock_backend.hpp"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "backend_errors.hpp"
#include "epoll_set.hpp"
#include "gpiogw/base/atomic_file.hpp"
#include "gpiogw/base/unique_fd.hpp"
#include "gpiogw/gpio/line_lookup.hpp"

namespace gpiogw::gpio {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPullUp = "pull-up";
constexpr std::string_view kPullDown = "pull-down";

// Keys of the two descriptors behind the mock's event fd.
constexpr std::uint64_t kWakeKey = 0;
constexpr std::uint64_t kInotifyKey = 1;

// The pull file's content, as gpio-sim shows it.
std::string pull_text(bool level) {
  return fmt::format("{}\n", level ? kPullUp : kPullDown);
}

// The level a pull file drives, as gpio-sim reads it: one word and an optional trailing newline.
// Anything else (garbage, a missing file) is nothing, so the line keeps its level.
std::optional<bool> read_pull(const fs::path& file) {
  std::ifstream in(file);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (text.ends_with('\n')) text.pop_back();
  if (text == kPullUp) return true;
  if (text == kPullDown) return false;
  return std::nullopt;
}

// A reader never sees a half-written or empty sim file.
void write_atomically(const fs::path& file, std::string_view content) {
  if (auto problem = write_file_atomically(file, content, Durability::readers))
    throw GpioError("mock: " + *problem);
}

// The counts appended to a burst file (`pulses`, `lose`) since `consumed` bytes, one per line;
// a line that is not a count is skipped. A file that shrank was replaced: read it from the start.
std::vector<std::uint64_t> read_new_counts(const fs::path& file, std::uintmax_t& consumed) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(file, error);
  if (error) return {};
  if (size < consumed) consumed = 0;
  std::ifstream in(file);
  in.seekg(static_cast<std::streamoff>(consumed));
  std::vector<std::uint64_t> counts;
  std::string line;
  while (std::getline(in, line) && !in.eof()) {  // only lines ended by a newline
    consumed += line.size() + 1;
    std::uint64_t count = 0;
    const auto [end, problem] = std::from_chars(line.data(), line.data() + line.size(), count);
    if (problem == std::errc() && end == line.data() + line.size()) counts.push_back(count);
  }
  return counts;
}

// How much of a burst file an earlier run left: those bursts are history, not this request's.
std::uintmax_t size_or_zero(const fs::path& file) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(file, error);
  return error ? 0 : size;
}

// The consumer named in a line's owner file, without the newline; empty if unreadable.
std::string read_owner(const fs::path& file) {
  std::ifstream in(file);
  std::string consumer;
  std::getline(in, consumer);
  return consumer;
}

struct MockLine {
  LineSpec spec;
  unsigned offset;
  bool level = false;              // physical
  fs::path dir;                    // <sim_dir>/sim_gpioN, empty without a sim_dir
  UniqueFd owner;                  // <dir>/owner, locked while the line is requested
  std::uintmax_t pulses_read = 0;  // bytes of <dir>/pulses already carried out
  std::uintmax_t lose_read = 0;    // bytes of <dir>/lose already taken
  std::uint64_t to_lose = 0;       // events still to drop, as an overflowing kernel queue would
  std::uint64_t dropped = 0;       // dropped since the last queued event
};

}  // namespace

ChipInfo mock_chip(unsigned num_lines) {
  ChipInfo chip{.name = "mock", .path = "", .label = "gpiogw-mock", .lines = {}, .error = ""};
  for (unsigned offset = 0; offset < num_lines; ++offset) {
    chip.lines.push_back({offset, fmt::format("GPIO{}", offset), false, ""});
  }
  return chip;
}

struct MockBackend::Impl {
  MockOptions options;
  ChipInfo chip;
  std::vector<MockLine> lines;
  std::vector<MockWrite> writes;  // only with options.record_writes
  std::vector<EdgeEvent> pending;
  bool requested = false;

  // Present only when an input was requested. `wake` is an eventfd that keeps the epoll set
  // readable while `pending` holds events; inotify reports writes to the pull files.
  std::optional<EpollSet> events;
  UniqueFd wake;
  UniqueFd inotify;
  std::unordered_map<int, std::size_t> watches;  // inotify watch descriptor -> line index

  MockLine& line_at(std::size_t index);
  std::string where(const MockLine& line) const;
  void take(MockLine& line) const;
  void set_level(std::size_t index, bool level);
  void raise_edge(std::size_t index);
  void burst(std::size_t index, std::uint64_t pulses);
  void write_value(const MockLine& line) const;
  void record_write(const MockLine& line);
  void sync_from_pull(std::size_t index);
  void on_file(std::size_t index, std::string_view name);
  void drain_inotify();
  void signal_wake() const;
  void clear_wake() const;
};

MockBackend::MockBackend(MockOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.num_lines == 0) throw GpioError("mock: num_lines must be at least 1");
  if (!options.sim_dir.empty()) {
    std::error_code error;
    fs::create_directories(options.sim_dir, error);
    if (error) {
      throw GpioError(fmt::format("mock: cannot create sim_dir {}: {}", options.sim_dir.string(),
                                  error.message()));
    }
  }
  impl_->chip = mock_chip(options.num_lines);
  impl_->options = std::move(options);
}

MockBackend::~MockBackend() = default;

void MockBackend::release() {
  // The sim files stay, as gpio-sim's do: an outside pull is still there for the next request.
  auto fresh = std::make_unique<Impl>();
  fresh->chip = impl_->chip;
  fresh->writes = std::move(impl_->writes);
  fresh->options = std::move(impl_->options);
  impl_ = std::move(fresh);
}

void MockBackend::request(std::span<const LineSpec> specs) {
  if (impl_->requested) throw already_requested("mock");
  impl_->requested = true;
  try {
    request_lines(specs);
  } catch (...) {
    release();  // all or nothing, as a kernel request
    throw;
  }
}

void MockBackend::request_lines(std::span<const LineSpec> specs) {
  Impl& m = *impl_;

  // Validate everything before touching the file system.
  const auto locations = locate_lines(specs, std::span(&m.chip, 1), 0);
  bool any_input = false;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    m.lines.push_back(MockLine{specs[i], locations[i].offset, false, {}, {}});
    any_input = any_input || specs[i].direction == Direction::input;
  }
  // Own every line before touching any: a busy line must leave the others' files alone.
  if (!m.options.sim_dir.empty()) {
    for (MockLine& line : m.lines) m.take(line);
  }

  if (any_input) {
    m.events.emplace();
    m.wake = UniqueFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!m.wake) throw_errno("mock: eventfd");
    m.events->add(m.wake.get(), kWakeKey);
    if (!m.options.sim_dir.empty()) {
      m.inotify = UniqueFd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
      if (!m.inotify) throw_errno("mock: inotify_init1");
      m.events->add(m.inotify.get(), kInotifyKey);
    }
  }

  for (std::size_t i = 0; i < m.lines.size(); ++i) {
    MockLine& line = m.lines[i];
    const bool input = line.spec.direction == Direction::input;
    if (!line.dir.empty() && input) {
      // Watch before writing, so that no outside write after this point can be missed.
      const int wd = ::inotify_add_watch(m.inotify.get(), line.dir.c_str(),
                                         IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR);
      if (wd < 0) throw_errno(fmt::format("mock: cannot watch {}", line.dir.string()));
      m.watches.emplace(wd, i);
      line.pulses_read = size_or_zero(line.dir / "pulses");
      line.lose_read = size_or_zero(line.dir / "lose");
    }

    // Like gpio-sim: a pull-up or pull-down bias sets the pull; otherwise the pull that is
    // already there (e.g. set by a test before the request) stays, default pull-down.
    std::optional<bool> pull;
    if (line.spec.bias == Bias::pull_up) pull = true;
    if (line.spec.bias == Bias::pull_down) pull = false;
    if (!pull && !line.dir.empty()) pull = read_pull(line.dir / "pull");
    if (!line.dir.empty()) write_atomically(line.dir / "pull", pull_text(pull.value_or(false)));

    if (input) {
      line.level = pull.value_or(false);
    } else {
      line.level = line.spec.initial != line.spec.active_low;
      m.record_write(line);
    }
    m.write_value(line);
  }

  // Our own writes above queued inotify events; reading them now keeps the event fd quiet
  // unless someone outside really changed a pull in the meantime.
  m.drain_inotify();
}

MockLine& MockBackend::Impl::line_at(std::size_t index) {
  if (index >= lines.size()) throw no_such_index("mock", index, lines.size());
  return lines[index];
}

std::string MockBackend::Impl::where(const MockLine& line) const {
  std::string text = describe_line(chip, line.offset);
  if (!line.dir.empty()) text += fmt::format(" at {}", line.dir.string());
  return text;
}

// Creates the line's folder and locks its owner file for this request, as the kernel gives a
// line to one request at a time: the lock (flock) holds across MockBackends and processes, and
// goes with the descriptor. A held line fails as EBUSY does on a gpiod chip.
void MockBackend::Impl::take(MockLine& line) const {
  line.dir = options.sim_dir / fmt::format("sim_gpio{}", line.offset);
  std::error_code error;
  fs::create_directories(line.dir, error);
  if (error) {
    throw GpioError(fmt::format("mock: cannot create {}: {}", line.dir.string(), error.message()));
  }
  const fs::path file = line.dir / "owner";
  UniqueFd owner(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!owner) throw_errno(fmt::format("mock: cannot open {}", file.string()));
  if (::flock(owner.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) throw_errno(fmt::format("mock: cannot lock {}", file.string()));
    throw request_failed(line.spec, where(line),
                         std::make_error_code(std::errc::device_or_resource_busy),
                         read_owner(file));
  }
  const std::string text = options.consumer + "\n";
  if (::ftruncate(owner.get(), 0) != 0 ||
      ::pwrite(owner.get(), text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    throw_errno(fmt::format("mock: cannot write {}", file.string()));
  }
  line.owner = std::move(owner);
}

void MockBackend::Impl::write_value(const MockLine& line) const {
  if (!line.dir.empty()) write_atomically(line.dir / "value", line.level ? "1\n" : "0\n");
}

void MockBackend::Impl::set_level(std::size_t index, bool level) {
  MockLine& line = lines[index];
  if (line.level == level) return;
  line.level = level;
  write_value(line);
  raise_edge(index);
}

// The edge the line's level just made, if its request asks for it. Numbered like libgpiod v2's
// events: dropped ones (see `lose`) show as the next event's `lost`.
void MockBackend::Impl::raise_edge(std::size_t index) {
  MockLine& line = lines[index];
  const bool rising = line.level != line.spec.active_low;
  if (!edge_matches(line.spec.edge, rising)) return;
  if (line.to_lose > 0) {
    --line.to_lose;
    ++line.dropped;
    return;
  }
  pending.push_back({index, rising, std::exchange(line.dropped, 0)});
  signal_wake();
}

// `pulses` times away from the line's level and back, at once; the level file stays as it is.
void MockBackend::Impl::burst(std::size_t index, std::uint64_t pulses) {
  MockLine& line = lines[index];
  for (std::uint64_t i = 0; i < 2 * pulses; ++i) {
    line.level = !line.level;
    raise_edge(index);
  }
}

void MockBackend::Impl::record_write(const MockLine& line) {
  if (options.record_writes) writes.push_back({line.offset, line.level});
}

void MockBackend::Impl::sync_from_pull(std::size_t index) {
  if (const auto level = read_pull(lines[index].dir / "pull")) set_level(index, *level);
}

// A file in the line's folder was written from outside.
void MockBackend::Impl::on_file(std::size_t index, std::string_view name) {
  MockLine& line = lines[index];
  if (name == "pull") sync_from_pull(index);
  if (name == "pulses") {
    for (const auto count : read_new_counts(line.dir / "pulses", line.pulses_read))
      burst(index, count);
  }
  if (name == "lose") {
    for (const auto count : read_new_counts(line.dir / "lose", line.lose_read))
      line.to_lose += count;
  }
}

void MockBackend::Impl::drain_inotify() {
  if (!inotify) return;
  alignas(inotify_event) char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(inotify.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) throw_errno("mock: reading inotify events");
    for (const char* p = buffer; p < buffer + n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(p);
      p += sizeof(inotify_event) + event->len;
      if (event->mask & IN_Q_OVERFLOW) {
        // Events were lost: look at every file again.
        for (const auto& [wd, index] : watches) {
          for (const char* file : {"lose", "pulses", "pull"}) on_file(index, file);
        }
        continue;
      }
      const auto watch = watches.find(event->wd);
      if (watch == watches.end() || event->len == 0) continue;
      on_file(watch->second, event->name);
    }
  }
}

void MockBackend::Impl::signal_wake() const {
  const std::uint64_t one = 1;
  // Cannot fail short of a counter overflow; the epoll set stays readable either way.
  [[maybe_unused]] const auto written = ::write(wake.get(), &one, sizeof one);
}

void MockBackend::Impl::clear_wake() const {
  std::uint64_t count = 0;
  // EAGAIN just means it was not signalled.
  [[maybe_unused]] const auto read = ::read(wake.get(), &count, sizeof count);
}

void MockBackend::set(std::size_t index, bool active) {
  MockLine& line = impl_->line_at(index);
  if (line.spec.direction != Direction::output) throw not_an_output(line.spec, describe(index));
  const bool level = active != line.spec.active_low;
  if (line.level != level) {
    line.level = level;
    impl_->write_value(line);
  }
  impl_->record_write(line);
}

bool MockBackend::get(std::size_t index) {
  const MockLine& line = impl_->line_at(index);
  // A pull written from outside counts at once, as on real hardware, even before the loop has
  // handled the notification.
  if (line.spec.direction == Direction::input) impl_->drain_inotify();
  return line.level != line.spec.active_low;
}

int MockBackend::event_fd() const {
  return impl_->events ? impl_->events->fd() : -1;
}

std::vector<EdgeEvent> MockBackend::read_events() {
  Impl& m = *impl_;
  if (!m.events) return {};
  m.drain_inotify();
  m.clear_wake();
  return std::exchange(m.pending, {});
}

std::string MockBackend::describe(std::size_t index) const {
  return impl_->where(impl_->line_at(index));
}

void MockBackend::drive(unsigned offset, bool physical_level) {
  Impl& m = *impl_;
  for (std::size_t i = 0; i < m.lines.size(); ++i) {
    const MockLine& line = m.lines[i];
    if (line.offset != offset) continue;
    if (line.spec.direction != Direction::input) {
      throw GpioError(fmt::format("mock: cannot drive line {} ('{}'): it is an output", offset,
                                  line.spec.name));
    }
    // Keep the outside face consistent: the pull file says what drives the line.
    if (!line.dir.empty()) write_atomically(line.dir / "pull", pull_text(physical_level));
    m.set_level(i, physical_level);
    return;
  }
  throw GpioError(fmt::format("mock: cannot drive line {}: it was not requested", offset));
}

const std::vector<MockWrite>& MockBackend::writes() const {
  return impl_->writes;
}

}  // namespace gpiogw::gpio
