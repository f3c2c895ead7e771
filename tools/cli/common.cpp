// What several subcommands share: terminal detection and the check that an output overwrites nothing it must not.
#include "core/error.h"
#include "core/files.h"
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

bool whole(const std::string& text, const char* end) { return !text.empty() && end == text.data() + text.size(); }

}  // namespace

CLI::Validator positive_integer() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const long long v = std::strtoll(text.c_str(), &end, 10);
        if (!whole(text, end) || errno == ERANGE || v <= 0) return "expected a positive integer, found " + text;
        return "";
      },
      "POSITIVE");
}

CLI::Validator non_negative_integer() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const auto v = std::strtoull(text.c_str(), &end, 10);
        if (!whole(text, end) || errno == ERANGE || text[0] == '-' || text[0] == '+') {
          return "expected an integer from 0 to 18446744073709551615, found " + text;
        }
        (void)v;
        return "";
      },
      "NON-NEGATIVE");
}

CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (!whole(text, end) || errno == ERANGE || !std::isfinite(v) || v <= 0) {
          return "expected a positive finite number, found " + text;
        }
        return "";
      },
      "POSITIVE");
}

bool stdout_is_terminal() { return isatty(fileno(stdout)) != 0; }

void check_output(const fs::path& out, const std::vector<fs::path>& inputs) {
  refuse_overwriting(out, inputs);
  const RunLayout run(out.has_parent_path() ? out.parent_path() : fs::path("."));
  const auto name = out.filename();
  if ((name == run.checkpoint().filename() || name == run.best().filename()) && fs::exists(run.config())) {
    throw Error(out.string() + ": is a training checkpoint of the run in " + run.dir.string() +
                "; choose another output");
  }
}

}  // namespace genzoo::cli
