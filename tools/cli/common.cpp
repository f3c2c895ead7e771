// What several subcommands share: terminal detection and the check that an output overwrites nothing it must not.
#include "core/error.h"
#include "core/files.h"
#include "loading/run_layout.h"
#include "tools/cli/commands.h"

#include <cstdio>
#include <unistd.h>

namespace genzoo::cli {
namespace fs = std::filesystem;

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
