#include "run/runs.h"

#include "core/error.h"
#include "core/files.h"
#include "core/json.h"
#include "loading/run_layout.h"
#include "run/checkpoint.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

// Training time, last score and, before the first checkpoint, the budget from the config.
void read_metrics(const RunLayout& run, RunSummary& summary) {
  if (!fs::exists(run.metrics())) return;
  std::istringstream in(read_file(run.metrics()));  // a regular file only: a FIFO named metrics.jsonl never blocks
  for (std::string line; std::getline(in, line);) {
    const auto j = try_parse_json(line);
    if (!j.is_object()) continue;  // a line cut short by a kill
    const auto type = j.value(metrics_key::kType, std::string());
    if (type == metrics_line::kEpoch && j.contains(metrics_key::kTrainSeconds) &&
        j[metrics_key::kTrainSeconds].is_number()) {
      summary.train_seconds += j[metrics_key::kTrainSeconds].get<double>();
    } else if (type == metrics_line::kEval && j.contains(metrics_key::kEvalFld) &&
               j[metrics_key::kEvalFld].is_number()) {
      summary.last_fld = j[metrics_key::kEvalFld].get<double>();
    }
  }
}


RunSummary summarise(const fs::path& dir) {
  const RunLayout run(dir);
  RunSummary summary;
  summary.dir = dir;
  try {
    const auto config = TrainConfig::from_json(read_json_file(run.config()), run.config().string());
    summary.model = config.model;
    summary.data = config.data;
    summary.total_steps = config.steps;
    nlohmann::json best = nullptr;
    if (fs::exists(run.checkpoint())) {
      const TrainingCheckpoint checkpoint(run.checkpoint());
      const auto& meta = checkpoint.meta();
      summary.step = meta.step;
      if (meta.total_steps > 0) summary.total_steps = meta.total_steps;
      best = meta.best;
    }
    // best.pt is written after the checkpoint of the same step, so it may know a newer best.
    if (fs::exists(run.best())) best = better_best(best, TrainingCheckpoint(run.best()).meta().best);
    if (!best.is_null()) {
      summary.best_fld = best["fld"].get<double>();
      summary.best_step = best["step"].get<int64_t>();
    }
    read_metrics(run, summary);
  } catch (const std::exception& e) {  // one unreadable run (permissions, a broken file) is a row, not the end
    summary.state = RunSummary::State::Unreadable;
    summary.problem = e.what();
    return summary;
  }
  try {
    summary.pid = lock_holder(dir);
  } catch (const std::exception& e) {
    summary.state = RunSummary::State::Unreadable;
    summary.problem = e.what();
    return summary;
  }
  if (summary.pid != 0) {
    summary.state = RunSummary::State::Running;
  } else if (summary.total_steps > 0 && summary.step >= summary.total_steps) {
    summary.state = RunSummary::State::Finished;
  }
  return summary;
}

}  // namespace

const char* state_name(RunSummary::State state) {
  switch (state) {
    case RunSummary::State::Running: return "running";
    case RunSummary::State::Finished: return "finished";
    case RunSummary::State::Interrupted: return "interrupted";
    case RunSummary::State::Unreadable: return "unreadable";
  }
  return "?";
}

std::vector<RunSummary> list_runs(const fs::path& folder) {
  if (!fs::is_directory(folder)) throw Error(folder.string() + ": no such folder of runs");
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code entry_ec;  // an entry that cannot be looked at is left out, not the end of the listing
    if (it->is_directory(entry_ec) && fs::exists(RunLayout(it->path()).config(), entry_ec)) dirs.push_back(it->path());
  }
  if (ec) throw Error(folder.string() + ": cannot list (" + ec.message() + ")");
  std::sort(dirs.begin(), dirs.end());
  std::vector<RunSummary> runs;
  for (const auto& dir : dirs) runs.push_back(summarise(dir));
  return runs;
}

}  // namespace genzoo
