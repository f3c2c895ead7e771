#pragma once
/// The shared training loop: batches, progress, per-epoch grids, metrics.jsonl and checkpoints; knows no model.
///
///   genzoo::FitState state{0, model->sample_latent(64, seed)};
///   auto result = genzoo::fit(*model, *trainer, train, &test, options, state,
///                             [&](const genzoo::FitState& s) { write_training_checkpoint(path, {...}); });
#include "data/dataset.h"
#include "models/generative_model.h"
#include "run/checkpoint.h"
#include "trainers/trainer.h"

#include <filesystem>
#include <functional>
#include <ostream>

namespace genzoo {

/// Scores a model's samples (eval/scorer.h's training_scorer, injected from above): named scores, "fld" first.
using ScoreSamples = std::function<Metrics(GenerativeModel& model)>;

struct FitOptions {
  int64_t total_steps = 0;  // the step budget, counted from step 0 of the run
  int64_t batch_size = 128;
  uint64_t seed = 0;        // shuffling: epoch e uses seed + e
  int64_t log_every = 100;  // steps between metrics.jsonl lines
  std::filesystem::path out_dir;  // grids in samples/, metrics.jsonl
  int64_t grid_nrow = 8;
  int64_t eval_batch_size = 1000;
  bool handle_sigint = false;     // Ctrl-C finishes the step, saves and returns interrupted
  std::ostream* log = nullptr;    // progress; nullptr is quiet
  bool live_progress = false;     // redraw one line (a terminal) instead of printing lines
  int64_t eval_every = 0;         // steps between scores (and at the end); 0: never
  ScoreSamples score;             // the scores, with "fld" among them (lower is better)
  std::function<void(const FitState&)> save_best;  // called when a score beats the best so far
  bool tensorboard = false;       // also write metrics and grids to out_dir/tb (core/tensorboard.h)
  bool report = false;            // rewrite out_dir/report.html every epoch (report/report.h; needs config.json)
  /// Data-parallel training (distributed/data_parallel.h): this rank trains its shard of every batch, the ranks agree
  /// on each step's losses and on stopping, and only rank 0 writes files, logs, scores or saves. nullptr: alone.
  DataParallel* parallel = nullptr;
};

struct FitResult {
  int64_t step = 0;
  bool interrupted = false;
};

using SaveCheckpoint = std::function<void(const FitState&)>;

/// Trains until state.step reaches options.total_steps or Ctrl-C, calling `save` at every epoch's end and on
/// Ctrl-C, and with eval_every scoring samples into metrics.jsonl ("type":"eval", "eval/<score>") and calling
/// save_best on a new lowest FLD; a NaN/Inf loss is an error naming the step. In data-parallel training every rank
/// calls it; `save`, `save_best` and the scorer run on rank 0 only.
FitResult fit(GenerativeModel& model, Trainer& trainer, const Dataset& train, const Dataset* test,
              const FitOptions& options, FitState& state, const SaveCheckpoint& save);

/// Mean held-out metrics of trainer.evaluate() over a dataset (empty if the trainer has none).
Metrics evaluate_dataset(GenerativeModel& model, Trainer& trainer, const Dataset& data, int64_t batch_size);

}  // namespace genzoo
