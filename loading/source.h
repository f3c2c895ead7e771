#pragma once
/// Anything that names a trained model -> the model: a run directory, a training checkpoint (.pt), an exported
/// .safetensors file, or a pretrained name from weights/manifest.json. All an inference-only program needs.
///
///   auto model = genzoo::load("runs/vae");                 // or "runs/vae/checkpoint.pt", "vae.safetensors", "vae"
///   auto gan = genzoo::load_pretrained("gan");             // SHA-256 verified
///   auto opened = genzoo::open_model("runs/vae");          // the model and what it was trained on
///   auto test = genzoo::model_dataset(opened, genzoo::Split::Test);
#include "data/dataset.h"
#include "models/generative_model.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace genzoo {

/// Where a model's tensors come from.
struct ModelSource {
  enum class Format { Checkpoint, Safetensors };
  std::filesystem::path file;  // the file that is read
  Format format = Format::Checkpoint;

  /// A run directory stands for its checkpoint.pt; a path that does not exist and has neither a folder nor an
  /// extension other than .pt or .safetensors is looked up as a pretrained name ("gan", "gan.fashion-mnist"; hash
  /// verified).
  static ModelSource resolve(const std::filesystem::path& name_or_path);
};

/// A model rebuilt from its source, every tensor checked by name and shape, in eval mode.
struct OpenedModel {
  std::shared_ptr<GenerativeModel> model;
  ModelSource source;
  std::string data;                 // the dataset it trained on ("mnist", ...), "" when unknown
  std::filesystem::path data_dir;   // where that dataset was read from, when the run named a directory
  std::string background = "#ffffff";  // what an image folder's transparent pixels were composited over
  int64_t steps = 0;                // training steps behind the weights
  nlohmann::json metadata;          // a checkpoint's metadata, or a safetensors file's __metadata__
};

/// What inference reads from a training checkpoint's metadata (run/checkpoint.h writes it). A field missing
/// or of the wrong type or range is an error naming `source` and the field.
struct CheckpointModelMeta {
  std::string model;                                         // registry name
  nlohmann::json model_options = nlohmann::json::object();  // as saved; make_model checks them
  int64_t step = 0;                                          // state.step
  std::string data, data_dir;                                // config.data, config.data_dir
  std::string background = "#ffffff";                        // config.background (older files: white)
};
CheckpointModelMeta parse_checkpoint_model_meta(const nlohmann::json& meta, const std::string& source);

OpenedModel open_model(const std::filesystem::path& name_or_path, const torch::Device& device = torch::kCPU);

/// open_model(...).model.
std::shared_ptr<GenerativeModel> load(const std::filesystem::path& name_or_path,
                                      const torch::Device& device = torch::kCPU);
/// A pretrained model by name: "gan.fashion-mnist", or "gan" for "gan.mnist" (loading/pretrained.h); hash verified.
std::shared_ptr<GenerativeModel> load_pretrained(const std::string& name, const torch::Device& device = torch::kCPU);

/// A split of the dataset the model trained on, or of `data` when given; `data_dir` overrides where it is looked
/// for. An image folder is decoded at the model's shape over the background it trained with. Images of another
/// size than the model's are an error naming the file.
Dataset model_dataset(const OpenedModel& opened, Split split, const std::string& data = "",
                      const std::filesystem::path& data_dir = {});

}  // namespace genzoo
