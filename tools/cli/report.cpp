// genzoo report RUN [RUN...] [--out FILE]
#include "loading/run_layout.h"
#include "report/report.h"
#include "tools/cli/commands.h"

#include <iostream>
#include <memory>

namespace genzoo::cli {
namespace {

struct ReportArgs {
  std::vector<std::string> runs;
  std::string out;
};

void run_report(const ReportArgs& a) {
  std::vector<std::filesystem::path> dirs(a.runs.begin(), a.runs.end());
  const std::filesystem::path out = !a.out.empty()        ? std::filesystem::path(a.out)
                                    : dirs.size() == 1 ? RunLayout(dirs[0]).report()
                                                       : std::filesystem::path("report.html");
  std::vector<std::filesystem::path> inputs;
  for (const auto& dir : dirs) {
    const RunLayout run(dir);
    inputs.insert(inputs.end(), {run.config(), run.metrics(), run.commands(), run.eval_report(), run.samples()});
  }
  check_output(out, inputs, {dirs.size() == 1 ? RunLayout(dirs[0]).report() : out});
  write_report(dirs, out);
  std::cout << "wrote " << out.string() << "\n";
}

}  // namespace

void add_report(CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report", "One self-contained HTML page of runs: curves, grids by epoch, scores; "
                                           "several runs overlay their curves");
  cmd->add_option("runs", a->runs, "Run directories")->required();
  cmd->add_option("--out", a->out, "HTML file (default RUN/report.html for one run, report.html for several)");
  cmd->callback([a] { run_report(*a); });
}

}  // namespace genzoo::cli
