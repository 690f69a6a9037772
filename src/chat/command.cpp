#include "gpiogw/chat/command.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <vector>

#include "gpiogw/base/payload.hpp"
#include "gpiogw/base/text.hpp"
#include "gpiogw/config/duration.hpp"
#include "gpiogw/config/suggest.hpp"

namespace gpiogw::chat {
namespace {

struct Grammar {
  std::string_view word;
  Verb verb;
  std::string_view usage;
  std::size_t arguments;
};

constexpr std::array<Grammar, 9> kGrammar{{
    {"help", Verb::help, "help", 0},
    {"status", Verb::status, "status", 0},
    {"list", Verb::list, "list", 0},
    {"get", Verb::get, "get <name>", 1},
    {"set", Verb::set, "set <name> on|off|<percent>% | set <counter> <total>", 2},
    {"toggle", Verb::toggle, "toggle <name>", 1},
    {"pulse", Verb::pulse, "pulse <output> <duration>", 2},
    {"read", Verb::read, "read <sensor|counter>", 1},
    {"rules", Verb::rules, "rules", 0},
}};

const Grammar* find_grammar(std::string_view word) {
  for (const auto& grammar : kGrammar) {
    if (equal_ignoring_case(word, grammar.word)) return &grammar;
  }
  return nullptr;
}

ParseError unknown_command(std::string_view word) {
  std::vector<std::string_view> words;
  for (const auto& grammar : kGrammar) words.push_back(grammar.word);
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto suggestion = config::closest_match(lower, words);
  return {fmt::format("unknown command '{}'{}; commands: {}", word,
                      suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : "",
                      command_summary())};
}

ParseError usage(const Grammar& grammar) {
  return {fmt::format("usage: {}", grammar.usage)};
}

}  // namespace

bool is_total_only(const Command& command) {
  return !command.total.empty() && !parse_switch_command(command.total);
}

std::string_view command_summary() {
  return "help, status, list, get <name>, set <name> on|off|<percent>%, toggle <name>, "
         "pulse <output> <duration>, read <sensor|counter>, set <counter> <total>, rules";
}

std::variant<Command, ParseError> parse_command(std::string_view text) {
  const auto words = split_words(text);
  if (words.empty()) return ParseError{fmt::format("no command; commands: {}", command_summary())};
  const Grammar* grammar = find_grammar(words[0]);
  if (!grammar) return unknown_command(words[0]);
  if (words.size() != grammar->arguments + 1) return usage(*grammar);

  Command command{.verb = grammar->verb, .target = {}};
  if (grammar->arguments > 0) command.target = std::string(words[1]);
  switch (grammar->verb) {
    case Verb::set: {
      if (words[2].ends_with('%')) {
        command.percent = parse_percent(words[2]);
        if (!command.percent)
          return ParseError{fmt::format("'{}' is not a percent between 0% and 100%; usage: {}",
                                        words[2], grammar->usage)};
        break;
      }
      const auto value = parse_switch_command(words[2]);
      const auto number = parse_number(words[2]);
      const bool numeric = number && *number >= 0;
      // A counter's new total, also 0 and 1 (a reset); its counter checks it.
      if (numeric) command.total = std::string(words[2]);
      if (value && *value != SwitchCommand::toggle) {
        command.on = *value == SwitchCommand::on;
      } else if (!numeric) {
        return ParseError{fmt::format("'{}' is not on, off, a percent or a total; usage: {}",
                                      words[2], grammar->usage)};
      }
      break;
    }
    case Verb::pulse: {
      const auto duration = config::parse_duration(words[2]);
      if (const auto* problem = std::get_if<std::string>(&duration)) {
        return ParseError{fmt::format("{}; usage: {}", *problem, grammar->usage)};
      }
      command.duration = std::get<std::chrono::milliseconds>(duration);
      if (command.duration <= std::chrono::milliseconds::zero()) {
        return ParseError{
            fmt::format("a pulse must last longer than 0; usage: {}", grammar->usage)};
      }
      break;
    }
    default:
      break;
  }
  return command;
}

}  // namespace gpiogw::chat
