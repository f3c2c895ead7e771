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
    const auto type = j.value("type", std::string());
    if (type == "epoch" && j.contains("train_seconds") && j["train_seconds"].is_number()) {
      summary.train_seconds += j["train_seconds"].get<double>();
    } else if (type == "eval" && j.contains("eval/fld") && j["eval/fld"].is_number()) {
      summary.last_fld = j["eval/fld"].get<double>();
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
  } catch (const Error& e) {
    summary.state = RunSummary::State::Unreadable;
    summary.problem = e.what();
    return summary;
  }
  summary.pid = lock_holder(dir);
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
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_directory() && fs::exists(RunLayout(entry.path()).config())) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<RunSummary> runs;
  for (const auto& dir : dirs) runs.push_back(summarise(dir));
  return runs;
}

}  // namespace genzoo
