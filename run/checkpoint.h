#pragma once
/// The training checkpoint, written and read in this one place: everything a run needs to continue exactly where
/// it stopped. A genzoo archive (formats/archive.h) holding
///   genzoo_meta  {"model", "model_options", "config", "state": {step, steps_per_epoch, total_steps},
///                 "data": {name, train_images, file}, "metrics": last epoch line, "best": {step, fld} or null,
///                 "genzoo_version"}
///   model        the model's parameters and buffers (what loading/source.h reads back for inference)
///   trainer      the optimisers' state (the trainer's own save/load)
///   fixed_z      the grid latents [n,latent], the same every epoch and after a resume
///   rng_state    torch's CPU generator
///
///   genzoo::write_training_checkpoint(run.checkpoint(), {config, *model, *trainer, state, progress});
///   genzoo::TrainingCheckpoint saved(run.checkpoint());          // reads the metadata
///   auto config = saved.config();                                 // build model + trainer from it, then
///   auto state = saved.restore(*model, *trainer);                 // weights, optimiser, RNG, step, grid latents
#include "models/generative_model.h"
#include "run/config.h"
#include "trainers/trainer.h"

#include <nlohmann/json.hpp>
#include <torch/serialize/input-archive.h>
#include <torch/types.h>

#include <filesystem>

namespace genzoo {

/// Where a run stands; what the fit loop carries from step to step.
struct FitState {
  int64_t step = 0;             // completed optimisation steps
  torch::Tensor fixed_z;        // [n,latent] CPU: the same grid latents every epoch and after resume
  nlohmann::json last_epoch = nlohmann::json::object();  // the last epoch's metrics line
  nlohmann::json best = nullptr;  // {"step", "fld"} of the best score so far; null before the first
};

/// The schedule and data a checkpoint records beside the state.
struct RunProgress {
  int64_t steps_per_epoch = 0;
  int64_t total_steps = 0;
  std::string data;
  int64_t train_images = 0;
  std::filesystem::path images_file;
};

struct CheckpointContents {
  const TrainConfig& config;
  const GenerativeModel& model;
  const Trainer& trainer;
  const FitState& state;
  const RunProgress& progress;
};

/// Writes the checkpoint atomically and durably; the previous one stays intact when the write fails.
void write_training_checkpoint(const std::filesystem::path& path, const CheckpointContents& contents);
/// The same checkpoint as bytes (what rank 0 sends the other ranks of a data-parallel run).
std::string training_checkpoint_bytes(const CheckpointContents& contents);

/// The metadata a resume reads, checked: anything missing, of the wrong type or out of range is an error naming
/// `source` and the field (a config whose options the registry refuses included).
struct CheckpointMeta {
  TrainConfig config;
  int64_t step = 0;
  int64_t total_steps = 0;                                // the budget it was written under (0: not recorded)
  nlohmann::json last_epoch = nlohmann::json::object();  // "metrics"
  nlohmann::json best = nullptr;                          // null, or {"step": >= 0, "fld": finite}
};
CheckpointMeta parse_checkpoint_meta(const nlohmann::json& meta, const std::string& source);

/// Of two checked `best` records (null or {"step", "fld"}), the one with the lower FLD; `a` on a tie, null if both are.
nlohmann::json better_best(const nlohmann::json& a, const nlohmann::json& b);

class TrainingCheckpoint {
 public:
  /// Opens a checkpoint file and reads its metadata; a file that is not one is an error naming it.
  explicit TrainingCheckpoint(const std::filesystem::path& path);
  /// Reads a checkpoint held in memory (training_checkpoint_bytes); `source` names it in messages.
  static TrainingCheckpoint from_bytes(const std::string& bytes, const std::string& source);

  const std::filesystem::path& path() const { return path_; }
  /// The checked metadata: the run's configuration as saved, the steps completed, the best score.
  const CheckpointMeta& meta() const { return meta_; }
  const TrainConfig& config() const { return meta_.config; }
  int64_t step() const { return meta_.step; }
  /// Loads weights (strictly), optimiser state and the RNG; returns the state to continue from.
  FitState restore(GenerativeModel& model, Trainer& trainer);

 private:
  TrainingCheckpoint(std::filesystem::path path, torch::serialize::InputArchive archive);

  std::filesystem::path path_;
  torch::serialize::InputArchive archive_;
  CheckpointMeta meta_;
};

/// Throws when `saved` is an older checkpoint of its run (best.pt) than the run's checkpoint.pt: resuming it would
/// write over the newer one and lose the steps between (copy the run directory to branch from it).
void refuse_stepping_back(const TrainingCheckpoint& saved);

}  // namespace genzoo
