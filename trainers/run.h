#pragma once
/// Whole runs: resolve a configuration, train or resume into a run directory, load a trained model back.
///
///   auto config = genzoo::resolve_train_config("vae", {}, {"epochs=3", "trainer_options.lr=3e-4"});
///   auto outcome = genzoo::train(config);                  // runs/vae-<timestamp>/checkpoint.pt, ...
///   auto model = genzoo::load(outcome.run_dir);            // a run directory or a checkpoint file
#include "data/dataset.h"
#include "models/generative_model.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace genzoo {

/// Everything a training run depends on; written to <run>/config.json and into every checkpoint.
struct TrainConfig {
  std::string model;
  nlohmann::json model_options = nlohmann::json::object();
  nlohmann::json trainer_options = nlohmann::json::object();
  std::string data = "mnist";
  std::string data_dir;        // empty: the dataset search path
  int64_t train_subset = 0;    // use only the first N training images (0: all)
  int64_t epochs = 10;
  int64_t steps = 0;           // step budget; when > 0 it replaces epochs
  int64_t batch_size = 128;
  uint64_t seed = 0;
  std::string device = "auto";
  int64_t threads = 0;         // 0: every core
  int64_t log_every = 100;
  int64_t grid_n = 64;
  int64_t grid_nrow = 8;
  std::string out_dir;         // empty: runs/<model>-<timestamp>

  nlohmann::json to_json() const;
  /// Strict: unknown keys and wrong types are errors naming the key.
  static TrainConfig from_json(const nlohmann::json& j, const std::string& context = "config");
};

/// Reads a JSON file; bad JSON is an error naming the file and position.
nlohmann::json read_json_file(const std::filesystem::path& path);

/// Applies "key=value" (dotted keys reach into objects; the value is JSON if it parses, else a string).
void apply_set(nlohmann::json& config, const std::string& assignment);

/// The registry's recipe for `model`, then `file_config`, then `sets`, validated and with every option filled in.
TrainConfig resolve_train_config(const std::string& model, const nlohmann::json& file_config = nlohmann::json::object(),
                                 const std::vector<std::string>& sets = {});

struct RunOptions {
  std::ostream* log = nullptr;  // progress and messages; nullptr is quiet
  bool live_progress = false;   // one redrawn line (for a terminal)
  bool handle_sigint = false;   // Ctrl-C: finish the step, save, return interrupted
};

struct TrainOutcome {
  std::filesystem::path run_dir;
  int64_t step = 0;
  int64_t total_steps = 0;
  bool interrupted = false;
};

/// Trains a new run into config.out_dir (which must not hold a run already).
TrainOutcome train(const TrainConfig& config, const RunOptions& options = {});

/// Continues the run in `run_dir` with its optimiser state. `sets` may change the step budget, threads,
/// device or logging; a model or model option that differs from the checkpoint's is refused.
TrainOutcome resume(const std::filesystem::path& run_dir, const std::vector<std::string>& sets = {},
                    const RunOptions& options = {});

/// Rebuilds a trained model from a checkpoint file, a run directory or an exported .safetensors file, every
/// tensor checked by name and shape.
std::shared_ptr<GenerativeModel> load(const std::filesystem::path& checkpoint,
                                      const torch::Device& device = torch::kCPU);

/// A split of the dataset a checkpoint was trained on, or of `data` when given; `data_dir` overrides where it is
/// looked for.
Dataset checkpoint_dataset(const std::filesystem::path& checkpoint, Split split, const std::string& data = "",
                           const std::filesystem::path& data_dir = {});

/// Writes a checkpoint's model as safetensors for inference: parameters and BatchNorm statistics, no optimiser
/// state; a GAN's critic only when `with_critic`. Metadata: model, options, data, steps, genzoo version, and the
/// run's eval.json when `genzoo eval` left one. Returns the number of tensors written.
int64_t export_safetensors(const std::filesystem::path& checkpoint, const std::filesystem::path& out,
                           bool with_critic = false);

/// Model, description, options, parameter count, data, steps and last metrics of a checkpoint; for VAEs also the
/// active latent units (average KL > 0.01 nats) on the test split, when that dataset can be found.
nlohmann::json checkpoint_info(const std::filesystem::path& checkpoint);

}  // namespace genzoo
