// What several subcommands share: terminal detection and the check that an output overwrites nothing it must not.
#include "core/error.h"
#include "core/files.h"
#include "core/text.h"
#include "loading/run_layout.h"
#include "tools/cli/commands.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace genzoo::cli {
namespace fs = std::filesystem;

namespace {

// A validator that accepts `text` when `parse` consumes all of it without ERANGE and says it is in range.
template <typename Parse>
CLI::Validator text_check(const char* name, const std::string& expected, Parse parse) {
  return CLI::Validator(
      [expected, parse](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const bool in_range = !text.empty() && parse(text, end);
        if (!in_range || errno == ERANGE || end != text.data() + text.size()) {
          return "expected " + expected + ", found " + text;
        }
        return "";
      },
      name);
}

std::string& recorded_command_line() {
  static std::string line;
  return line;
}

std::vector<std::string>& recorded_argv() {
  static std::vector<std::string> args;
  return args;
}


}  // namespace

void set_command_line(int argc, const char* const* argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) line += (i ? " " : "") + shell_quote(argv[i]);
  recorded_command_line() = line;
  recorded_argv().assign(argv, argv + argc);
}

const std::string& command_line() { return recorded_command_line(); }

const std::vector<std::string>& command_argv() { return recorded_argv(); }

CLI::Validator positive_integer() {
  return text_check("POSITIVE", "a positive integer", [](const std::string& text, char*& end) {
    return std::strtoll(text.c_str(), &end, 10) > 0;
  });
}

CLI::Validator integer_in(int64_t low, int64_t high) {
  const std::string expected = "an integer from " + std::to_string(low) + " to " + std::to_string(high);
  return text_check("INT", expected, [low, high](const std::string& text, char*& end) {
    const long long v = std::strtoll(text.c_str(), &end, 10);
    return v >= low && v <= high;
  });
}

CLI::Validator non_negative_integer() {
  const auto parse = [](const std::string& text, char*& end) {
    static_cast<void>(std::strtoull(text.c_str(), &end, 10));
    return text[0] != '-' && text[0] != '+';  // strtoull would wrap "-1" around
  };
  return text_check("NON-NEGATIVE", "an integer from 0 to 18446744073709551615", parse);
}

CLI::Validator positive_number() {
  return text_check("POSITIVE", "a positive finite number", [](const std::string& text, char*& end) {
    const double v = std::strtod(text.c_str(), &end);
    return std::isfinite(v) && v > 0;
  });
}

bool stdout_is_terminal() { return isatty(fileno(stdout)) != 0; }

void check_output(const fs::path& out, const std::vector<fs::path>& inputs, const std::vector<fs::path>& own) {
  refuse_overwriting(out, inputs);
  const auto run = owning_run(out);
  if (!run) return;
  for (const auto& allowed : own) {
    if (fs::weakly_canonical(fs::absolute(allowed)) == fs::weakly_canonical(fs::absolute(out))) return;
  }
  throw Error(out.string() + ": is a file of the run in " + run->dir.string() +
              " (only training writes it, or another command reads it); choose another output");
}

}  // namespace genzoo::cli
