#pragma once
/// The run directories under a folder at a glance: what `genzoo runs` prints.
///
///   for (const auto& run : genzoo::list_runs("runs")) std::cout << run.dir << " " << run.step << "\n";
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace genzoo {

struct RunSummary {
  enum class State { Running, Finished, Interrupted, Unreadable };
  std::filesystem::path dir;
  std::string model, data;
  int64_t step = 0;                 // completed steps in its checkpoint (0: none written yet)
  int64_t total_steps = 0;          // the step budget
  double train_seconds = 0;         // the epochs' training time in metrics.jsonl (scoring and saving not counted)
  double last_fld = -1, best_fld = -1;  // from --eval-every; -1: never scored
  int64_t best_step = -1;
  State state = State::Interrupted; // Running: a train or resume holds its lock
  int64_t pid = 0;                  // the holder, when running
  std::string problem;              // why it is Unreadable
};

/// "running", "finished", "interrupted", "unreadable".
const char* state_name(RunSummary::State state);

/// Every directory directly under `folder` holding a config.json, sorted by name. A run whose files do not parse is
/// listed as Unreadable with the reason, not an error; a missing folder is an error naming it.
std::vector<RunSummary> list_runs(const std::filesystem::path& folder);

}  // namespace genzoo
