#pragma once
// Listens to everything the soaked gateway publishes (and its chat room) through the broker
// restarts: keeps the last payload of each topic and notes what must not happen, such as a sensor
// error or an error reply to a chat member who only sends valid commands.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "soak_client.hpp"

namespace gpiogw::soak {

class Observer {
 public:
  explicit Observer(const std::string& uri);

  std::optional<std::string> last(const std::string& topic) const;
  std::uint64_t messages() const;
  std::vector<std::string> problems() const;  // the first few
  std::uint64_t problem_count() const;

 private:
  void on_message(const std::string& topic, const std::string& payload);

  mutable std::mutex mutex_;
  std::map<std::string, std::string> last_;
  std::uint64_t messages_ = 0;
  std::vector<std::string> problems_;
  std::uint64_t problem_count_ = 0;
  SoakClient client_;  // last: its callbacks use the members above
};

}  // namespace gpiogw::soak
