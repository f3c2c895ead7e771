// genzoo runs [DIR] [--json]
#include "core/progress.h"
#include "core/text.h"
#include "run/runs.h"
#include "tools/cli/commands.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace genzoo::cli {
namespace {

struct RunsArgs {
  std::string folder = "runs";
  bool json = false;
};

std::string score(double fld) {
  if (fld < 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", fld);
  return buf;
}

void print_runs(const RunsArgs& a) {
  const auto runs = list_runs(a.folder);
  if (a.json) {
    auto all = nlohmann::json::array();
    for (const auto& r : runs) {
      all.push_back({{"dir", r.dir.string()}, {"model", r.model}, {"data", r.data}, {"step", r.step},
                     {"total_steps", r.total_steps}, {"train_seconds", r.train_seconds},
                     {"last_fld", r.last_fld < 0 ? nlohmann::json() : nlohmann::json(r.last_fld)},
                     {"best_fld", r.best_fld < 0 ? nlohmann::json() : nlohmann::json(r.best_fld)},
                     {"best_step", r.best_step < 0 ? nlohmann::json() : nlohmann::json(r.best_step)},
                     {"state", state_name(r.state)}, {"pid", r.pid}, {"problem", r.problem}});
    }
    std::cout << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  std::printf("%-34s %-9s %-14s %13s %-12s %9s %9s %10s\n", "run", "model", "data", "steps", "state", "last FLD",
              "best FLD", "train time");
  for (const auto& r : runs) {
    const std::string steps = std::to_string(r.step) + "/" + (r.total_steps > 0 ? std::to_string(r.total_steps) : "?");
    const std::string state = r.state == RunSummary::State::Running ? "running (" + std::to_string(r.pid) + ")"
                                                                     : state_name(r.state);
    std::printf("%-34s %-9s %-14s %13s %-12s %9s %9s %10s\n", printable(r.dir.filename().string()).c_str(),
                printable(r.model).c_str(), printable(r.data).c_str(), steps.c_str(), state.c_str(),
                score(r.last_fld).c_str(), score(r.best_fld).c_str(), Progress::format_duration(r.train_seconds).c_str());
    if (!r.problem.empty()) std::printf("    %s\n", printable(r.problem).c_str());
  }
}

}  // namespace

void add_runs(CLI::App& app) {
  auto a = std::make_shared<RunsArgs>();
  auto* cmd = app.add_subcommand("runs", "List the run directories under DIR: model, data, steps, state, scores");
  cmd->add_option("dir", a->folder, "Folder holding run directories (default runs)");
  cmd->add_flag("--json", a->json, "One JSON object per run");
  cmd->callback([a] { print_runs(*a); });
}

}  // namespace genzoo::cli
