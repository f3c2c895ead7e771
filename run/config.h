#pragma once
/// The configuration of a training run: the recipe of a registry name, then a JSON file, then `--set key=value`
/// assignments, then typed overrides (the CLI's flags), checked and completed without building anything.
///
///   genzoo::TrainOverrides flags;
///   flags.lr = 1.5e-6;                                           // kept exactly, as a double
///   auto config = genzoo::resolve_train_config("vae", {}, {"model_options.latent=32"}, flags);
///   config.trainer_options["lr"];                                // 1.5e-06
#include "data/image_folder.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace genzoo {

/// Upper bounds of TrainConfig's counts, the same for flags, --set, config files and resume (validate()).
inline constexpr int64_t kMaxEpochs = 1'000'000;
inline constexpr int64_t kMaxSteps = int64_t{1} << 40;
inline constexpr int64_t kMaxBatchSize = int64_t{1} << 20;
inline constexpr int64_t kMaxEvalSamples = 1'000'000;
inline constexpr int64_t kMaxGridImages = 10'000;

/// Everything a training run depends on; written to <run>/config.json and into every checkpoint.
struct TrainConfig {
  /// The registry name.
  std::string model;
  /// The model's complete options (models/registry.h).
  nlohmann::json model_options = nlohmann::json::object();
  /// The trainer's complete options (run/recipes.h).
  nlohmann::json trainer_options = nlohmann::json::object();
  /// The dataset's name: mnist, fashion-mnist, emoji, or a name for data_dir's images.
  std::string data = "mnist";
  /// Where its IDX files or its folder of images are; empty: the dataset search path.
  std::string data_dir;
  /// Side an image folder's images are resized to (28, 32 or 64); 0: 32 for a folder, the files' for IDX data.
  /// Training sets it to the data's, and the model's image_size follows.
  int64_t image_size = 0;
  /// Channels of an image folder's images: 1 or 3; 0: 3 when any image has colour. Set to the data's, like
  /// image_size, and the model's channels follow.
  int64_t channels = 0;
  /// The colour an image folder's transparent pixels are composited over, "#rrggbb".
  std::string background = "#ffffff";
  /// Leave out an image folder's bad images (counted, the first few named) instead of refusing the folder.
  bool skip_bad_images = false;
  /// Use only the first N training images (0: all).
  int64_t train_subset = 0;
  /// Epochs to train, unless `steps` is set.
  int64_t epochs = 10;
  /// Step budget; when > 0 it replaces epochs.
  int64_t steps = 0;
  /// Images per step (the recipe's unless set).
  int64_t batch_size = 128;
  /// Seeds initialisation, shuffling and the grid latents.
  uint64_t seed = 0;
  /// auto, cpu or cuda.
  std::string device = "auto";
  /// Torch threads; 0: every core.
  int64_t threads = 0;
  /// Steps between metrics.jsonl lines.
  int64_t log_every = 100;
  /// Images in each epoch's sample grid.
  int64_t grid_n = 64;
  /// Images per row of that grid.
  int64_t grid_nrow = 8;
  /// The run directory; empty: runs/<model>-<timestamp>.
  std::string out_dir;
  /// Score samples every this many steps (and at the end) into metrics.jsonl, keeping best.pt by FLD; 0: never.
  int64_t eval_every = 0;
  /// Samples per score.
  int64_t eval_samples = 2000;
  /// The classifier that scores them; empty: the one for `data` from the weights search path.
  std::string eval_classifier;
  /// Write TensorBoard event files to <run>/tb.
  bool tensorboard = true;

  /// The fields by name, for JSON (core/json.h).
  template <typename Visit>
  void fields(Visit&& visit) {
    visit("model", model);
    visit("model_options", model_options);
    visit("trainer_options", trainer_options);
    visit("data", data);
    visit("data_dir", data_dir);
    visit("image_size", image_size);
    visit("channels", channels);
    visit("background", background);
    visit("skip_bad_images", skip_bad_images);
    visit("train_subset", train_subset);
    visit("epochs", epochs);
    visit("steps", steps);
    visit("batch_size", batch_size);
    visit("seed", seed);
    visit("device", device);
    visit("threads", threads);
    visit("log_every", log_every);
    visit("grid_n", grid_n);
    visit("grid_nrow", grid_nrow);
    visit("out_dir", out_dir);
    visit("eval_every", eval_every);
    visit("eval_samples", eval_samples);
    visit("eval_classifier", eval_classifier);
    visit("tensorboard", tensorboard);
  }
  /// Throws unless every field is in range (the options objects are checked by resolve_train_config).
  void validate(const std::string& context = "config") const;

  nlohmann::json to_json() const;
  /// Strict: unknown keys and wrong types are errors naming the key.
  static TrainConfig from_json(const nlohmann::json& j, const std::string& context = "config");
};

/// Typed settings over a configuration, as the CLI's flags give them; unset fields change nothing.
struct TrainOverrides {
  /// The fields of TrainConfig with the same names.
  std::optional<std::string> model, data, data_dir, device, out_dir, background;
  /// Likewise; setting epochs clears a step budget (apply_budget_rule).
  std::optional<int64_t> epochs, steps, batch_size, threads, eval_every, eval_samples, image_size, channels;
  /// The trainer's learning rate (trainer_options.lr).
  std::optional<double> lr;
  /// TrainConfig::seed.
  std::optional<uint64_t> seed;
  /// TrainConfig::tensorboard and skip_bad_images.
  std::optional<bool> tensorboard, skip_bad_images;

  void apply(TrainConfig& config) const;
};

/// The registry's recipe for `model`, then `file_config`, then `sets`, then `overrides`, validated and with every
/// option filled in.
TrainConfig resolve_train_config(const std::string& model, const nlohmann::json& file_config = nlohmann::json::object(),
                                 const std::vector<std::string>& sets = {}, const TrainOverrides& overrides = {});

/// Checks a configuration's model and trainer options against the registry and the recipe, and fills them in.
void complete_options(TrainConfig& config);

/// The one budget rule, for every source of settings (config file, --set, flags) on train and on resume: asking for
/// epochs without also asking for steps clears the step budget, which would otherwise replace the epochs.
void apply_budget_rule(TrainConfig& config, bool asks_epochs, bool asks_steps);

/// How the configuration's image folder is decoded (its image_size 0 meaning 32).
ImageFolderOptions folder_options(const TrainConfig& config);

/// Sets the configuration's image_size and channels, and its model options', to the shape of the data it trains on;
/// throws when the model options ask for another shape than their default and the data's, naming both.
void adopt_data_shape(TrainConfig& config, const Dataset& train);

/// Whether any of `sets` ("key=value", as --set takes them) assigns `key`.
bool sets_key(const std::vector<std::string>& sets, const std::string& key);

}  // namespace genzoo
