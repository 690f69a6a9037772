#pragma once
// A Channel decorator for tests: passes every call to the real channel (sysfs or mock) and keeps
// each write, with the loop's time when it has a loop, and runs a check after each write; while
// `*refuse` is true it refuses writes as a failing driver would. And the message of an expected
// PwmError.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gpiogw/base/event_loop.hpp"
#include "gpiogw/pwm/channel.hpp"

namespace gpiogw::test {

struct PwmWrite {
  std::string attribute;
  std::string value;
  EventLoop::Duration at{};  // since the loop's start

  bool operator==(const PwmWrite& other) const {
    return attribute == other.attribute && value == other.value && at == other.at;
  }
};

class RecordingChannel final : public pwm::Channel {
 public:
  RecordingChannel(std::unique_ptr<pwm::Channel> real, std::vector<PwmWrite>& writes,
                   const EventLoop* loop = nullptr, std::function<void()> after_write = {},
                   const bool* refuse = nullptr)
      : real_(std::move(real)),
        writes_(writes),
        loop_(loop),
        start_(loop ? loop->now() : EventLoop::TimePoint{}),
        after_write_(std::move(after_write)),
        refuse_(refuse) {}

  std::string read(std::string_view attribute) override { return real_->read(attribute); }
  void write(std::string_view attribute, std::string_view value) override {
    if (refuse_ && *refuse_) throw pwm::PwmError(std::string(attribute) + ": I/O error (test)");
    real_->write(attribute, value);
    writes_.push_back({std::string(attribute), std::string(value),
                       loop_ ? loop_->now() - start_ : EventLoop::Duration{}});
    if (after_write_) after_write_();
  }
  std::string describe() const override { return real_->describe(); }

 private:
  std::unique_ptr<pwm::Channel> real_;
  std::vector<PwmWrite>& writes_;
  const EventLoop* loop_;
  EventLoop::TimePoint start_;
  std::function<void()> after_write_;
  const bool* refuse_;
};

// The message of the PwmError that `action` throws, or "(no error)".
inline std::string pwm_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const pwm::PwmError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace gpiogw::test
