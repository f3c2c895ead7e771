#include "trainers/checkpoint.h"

#include "core/error.h"
#include "core/runtime.h"
#include "models/archive.h"
#include "models/module_state.h"

#include <torch/torch.h>

#ifndef GENZOO_VERSION
#define GENZOO_VERSION "unknown"
#endif

namespace genzoo {
namespace fs = std::filesystem;

void write_training_checkpoint(const fs::path& path, const CheckpointContents& c) {
  const nlohmann::json meta = {
      {"model", c.config.model},
      {"model_options", c.model.options_json()},
      {"config", c.config.to_json()},
      {"state",
       {{"step", c.state.step}, {"steps_per_epoch", c.progress.steps_per_epoch},
        {"total_steps", c.progress.total_steps}}},
      {"data",
       {{"name", c.progress.data}, {"train_images", c.progress.train_images},
        {"file", c.progress.images_file.string()}}},
      {"metrics", c.state.last_epoch},
      {"best", c.state.best},
      {"genzoo_version", GENZOO_VERSION}};
  torch::serialize::OutputArchive archive;
  write_meta(archive, meta);
  write_module_state(archive, "model", c.model);
  torch::serialize::OutputArchive trainer_archive(archive.compilation_unit());
  c.trainer.save(trainer_archive);
  archive.write("trainer", trainer_archive);
  archive.write("fixed_z", c.state.fixed_z);
  archive.write("rng_state", cpu_rng_state());
  save_archive(archive, path);
}

TrainingCheckpoint::TrainingCheckpoint(const fs::path& path)
    : path_(path), archive_(open_archive(path)), meta_(read_meta(archive_, path.string())) {
  if (!meta_.contains("config")) throw Error(path.string() + ": checkpoint has no training config");
  if (!meta_.contains("state") || !meta_["state"].is_object() || !meta_["state"].contains("step") ||
      !meta_["state"]["step"].is_number_integer()) {
    throw Error(path.string() + ": state.step: expected an integer");
  }
}

TrainConfig TrainingCheckpoint::config() const { return TrainConfig::from_json(meta_["config"], path_.string() + " config"); }

int64_t TrainingCheckpoint::step() const { return meta_["state"]["step"].get<int64_t>(); }

FitState TrainingCheckpoint::restore(GenerativeModel& model, Trainer& trainer) {
  const auto source = path_.string();
  read_module_state(archive_, "model", model, source);
  torch::serialize::InputArchive trainer_archive;
  if (!archive_.try_read("trainer", trainer_archive)) throw Error(source + ": trainer state is missing");
  trainer.load(trainer_archive);
  FitState state;
  state.step = step();
  state.last_epoch = meta_.value("metrics", nlohmann::json::object());
  state.best = meta_.value("best", nlohmann::json());
  if (!archive_.try_read("fixed_z", state.fixed_z)) throw Error(source + ": fixed_z is missing");
  torch::Tensor rng;
  if (archive_.try_read("rng_state", rng)) set_cpu_rng_state(rng);
  return state;
}

}  // namespace genzoo
