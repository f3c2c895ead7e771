#include "run/checkpoint.h"

#include "core/error.h"
#include "core/json.h"
#include "core/runtime.h"
#include "formats/archive.h"
#include "loading/run_layout.h"
#include "formats/module_state.h"

#include <torch/torch.h>

#include <cmath>


namespace genzoo {
namespace fs = std::filesystem;

namespace {

// "rng_state" for the CPU (the key of checkpoints before CUDA's were kept), "rng_state_cuda<i>" for a CUDA device.
std::string rng_state_key(const torch::Device& device) {
  return device.is_cpu() ? "rng_state" : "rng_state_cuda" + std::to_string(device.index());
}

torch::serialize::OutputArchive checkpoint_archive(const CheckpointContents& c) {
  const nlohmann::json meta = {
      {checkpoint_key::kModel, c.config.model},
      {checkpoint_key::kModelOptions, c.model.options_json()},
      {checkpoint_key::kConfig, c.config.to_json()},
      {checkpoint_key::kState,
       {{checkpoint_key::kStep, c.state.step}, {"steps_per_epoch", c.progress.steps_per_epoch},
        {checkpoint_key::kTotalSteps, c.progress.total_steps}}},
      {"data",
       {{"name", c.progress.data}, {"train_images", c.progress.train_images},
        {"file", c.progress.images_file.string()}}},
      {checkpoint_key::kMetrics, c.state.last_epoch},
      {checkpoint_key::kBest, c.state.best},
      {checkpoint_key::kVersion, genzoo_version()}};
  torch::serialize::OutputArchive archive;
  write_meta(archive, meta);
  write_module_state(archive, "model", c.model);
  torch::serialize::OutputArchive trainer_archive(archive.compilation_unit());
  c.trainer.save(trainer_archive);
  archive.write("trainer", trainer_archive);
  archive.write("fixed_z", c.state.fixed_z);
  for (const auto& device : rng_devices()) archive.write(rng_state_key(device), rng_state(device));
  return archive;
}

}  // namespace

void write_training_checkpoint(const fs::path& path, const CheckpointContents& contents) {
  auto archive = checkpoint_archive(contents);
  save_archive(archive, path);
}

std::string training_checkpoint_bytes(const CheckpointContents& contents) {
  auto archive = checkpoint_archive(contents);
  return archive_bytes(archive, "checkpoint in memory");
}

nlohmann::json better_best(const nlohmann::json& a, const nlohmann::json& b) {
  if (b.is_null()) return a;
  if (a.is_null()) return b;
  return b["fld"].get<double>() < a["fld"].get<double>() ? b : a;
}

CheckpointMeta parse_checkpoint_meta(const nlohmann::json& meta, const std::string& source) {
  const std::string context = source + ": genzoo_meta";
  CheckpointMeta fields;
  JsonReader reader(meta, context);
  for (const char* key : {checkpoint_key::kConfig, checkpoint_key::kState})
    require(meta.contains(key), context, key, "an object", "nothing");
  nlohmann::json config, state;
  reader.read(checkpoint_key::kConfig, config)
      .read(checkpoint_key::kState, state)
      .read(checkpoint_key::kMetrics, fields.last_epoch);
  fields.config = naming_source(context, [&] {
    auto c = TrainConfig::from_json(config, "config");
    c.validate("config");
    complete_options(c);
    return c;
  });
  require(state.contains(checkpoint_key::kStep), context, "state.step", "a step count", "nothing");
  JsonReader(state, context + ": state")
      .read(checkpoint_key::kStep, fields.step)
      .read(checkpoint_key::kTotalSteps, fields.total_steps);
  require(fields.step >= 0, context, "state.step", "a step count >= 0", std::to_string(fields.step));
  require(fields.total_steps >= 0, context, "state.total_steps", "a step count >= 0",
          std::to_string(fields.total_steps));
  if (meta.contains(checkpoint_key::kBest) && !meta[checkpoint_key::kBest].is_null()) {
    const auto& best = meta[checkpoint_key::kBest];
    int64_t step = -1;
    double fld = std::nan("");
    JsonReader(best, context + ": best").read("step", step).read("fld", fld);
    require(step >= 0 && std::isfinite(fld), context, "best", "{\"step\": a step count, \"fld\": a number}",
            json_text(best));
    fields.best = {{"step", step}, {"fld", fld}};
  }
  return fields;
}

TrainingCheckpoint::TrainingCheckpoint(const fs::path& path) : TrainingCheckpoint(path, open_archive(path)) {}

TrainingCheckpoint::TrainingCheckpoint(fs::path path, torch::serialize::InputArchive archive)
    : path_(std::move(path)), archive_(std::move(archive)),
      meta_(parse_checkpoint_meta(read_meta(archive_, path_.string()), path_.string())) {}

TrainingCheckpoint TrainingCheckpoint::from_bytes(const std::string& bytes, const std::string& source) {
  return TrainingCheckpoint(source, archive_from_bytes(bytes, source));
}

FitState TrainingCheckpoint::restore(GenerativeModel& model, Trainer& trainer) {
  const auto source = path_.string();
  read_module_state(archive_, "model", model, source);
  torch::serialize::InputArchive trainer_archive;
  if (!archive_.try_read("trainer", trainer_archive)) throw Error(source + ": trainer state is missing");
  trainer.load(trainer_archive);
  FitState state;
  state.step = meta_.step;
  state.last_epoch = meta_.last_epoch;
  state.best = meta_.best;
  if (!archive_.try_read("fixed_z", state.fixed_z)) throw Error(source + ": fixed_z is missing");
  for (const auto& device : rng_devices()) {  // a CUDA run resumed on the CPU keeps only the CPU's stream
    torch::Tensor rng;
    if (archive_.try_read(rng_state_key(device), rng)) set_rng_state(device, rng);
  }
  return state;
}

void refuse_stepping_back(const TrainingCheckpoint& saved) {
  const RunLayout run(saved.path().has_parent_path() ? saved.path().parent_path() : std::filesystem::path("."));
  std::error_code ec;
  if (!std::filesystem::exists(run.checkpoint()) || std::filesystem::equivalent(run.checkpoint(), saved.path(), ec)) {
    return;
  }
  const TrainingCheckpoint latest(run.checkpoint());
  if (latest.step() > saved.step()) {
    throw Error(saved.path().string() + ": is at step " + std::to_string(saved.step()) + ", and " +
                run.checkpoint().string() + " at step " + std::to_string(latest.step()) +
                "; resuming it would discard the later steps. To branch from it, copy the run directory and resume "
                "the copy's " + saved.path().filename().string());
  }
}

}  // namespace genzoo
