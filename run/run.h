#pragma once
/// Whole runs: train a resolved configuration into a run directory, or continue one.
///
///   auto config = genzoo::resolve_train_config("vae", {}, {"epochs=3"});   // run/config.h
///   auto outcome = genzoo::train(config);              // runs/vae-<timestamp>/checkpoint.pt, metrics.jsonl, ...
///   genzoo::TrainOverrides more;
///   more.steps = 3000;
///   genzoo::resume(outcome.run_dir, {}, more);         // same optimiser state, RNG and grid latents
#include "run/config.h"

#include "core/metrics.h"
#include "distributed/data_parallel.h"
#include "models/generative_model.h"

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace genzoo {

struct RunOptions {
  std::ostream* log = nullptr;  // progress and messages; nullptr is quiet
  bool live_progress = false;   // one redrawn line (for a terminal)
  bool handle_sigint = false;   // Ctrl-C: finish the step, save, return interrupted
  /// Builds the scorer of a run's configuration when config.eval_every > 0, once the configuration is resolved
  /// (for a resumed run, the checkpoint's): the CLI passes eval/scorer.h's training_scorer.
  std::function<std::function<Metrics(GenerativeModel&)>(const TrainConfig&)> make_score;
  /// The command line of this process, appended to RUN/commands.txt for the report; empty: not recorded.
  std::string command;
  /// Data-parallel training (distributed/distributed.h): rank 0 calls train() or resume() and sends the run it
  /// prepared to the other ranks, which call join_run(). Runs on the CPU; each rank takes threads / local ranks
  /// (`threads`, or every core, shared by the ranks on one machine). nullptr: one process.
  DataParallel* parallel = nullptr;
};

struct TrainOutcome {
  std::filesystem::path run_dir;
  int64_t step = 0;
  int64_t total_steps = 0;
  bool interrupted = false;
  /// Data-parallel runs: the SHA-256 of the parameters and buffers every rank holds at the end (checked equal).
  std::string state_digest;
};

/// Trains a new run into config.out_dir (which must not hold a run already). Model, trainer and data are built
/// and checked before anything is written.
TrainOutcome train(const TrainConfig& config, const RunOptions& options = {});

/// Continues the run in `run_dir` (or of a checkpoint file) with its optimiser state. `sets` and `overrides` may
/// change the step budget, threads, device or logging; a model or model option that differs from the
/// checkpoint's is refused, and so is `out_dir` (a run continues in its own directory), and a budget below the steps
/// already done; a budget equal to them trains nothing. Everything is checked before config.json is rewritten.
TrainOutcome resume(const std::filesystem::path& run_dir, const std::vector<std::string>& sets = {},
                    const TrainOverrides& overrides = {}, const RunOptions& options = {});

/// A rank other than 0 of a data-parallel run (options.parallel): receives the run rank 0 prepared in train() or
/// resume() (configuration, weights, optimiser and RNG state, step) and trains its shard of every batch, writing
/// nothing. Returns an outcome with step 0 when rank 0 had nothing to train.
TrainOutcome join_run(const RunOptions& options);

}  // namespace genzoo
