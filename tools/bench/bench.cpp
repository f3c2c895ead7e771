#include "tools/bench/bench.h"

#include "core/error.h"
#include "core/runtime.h"
#include "data/dataset.h"
#include "data/image_folder.h"
#include "models/registry.h"
#include "optim/adam.h"
#include "run/recipes.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <optional>

namespace genzoo {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double matmul_gflops() {
  auto a = torch::randn({1024, 1024}), b = torch::randn({1024, 1024});
  for (int i = 0; i < 3; ++i) torch::mm(a, b);
  const int reps = 20;
  const auto t0 = Clock::now();
  for (int i = 0; i < reps; ++i) torch::mm(a, b);
  return 2.0 * 1024 * 1024 * 1024 * reps / seconds_since(t0) / 1e9;
}

// LibTorch's profiler from construction to finish(), which writes its chrome://tracing file.
class ProfileTrace {
 public:
  explicit ProfileTrace(const std::filesystem::path& path) : path_(path), out_(path) {
    require(out_.good(), "bench", "profile", "a writable file", path.string());
    profiler_ = std::make_unique<torch::autograd::profiler::RecordProfile>(out_);
  }
  void finish() {
    profiler_.reset();
    out_.close();
    require(!out_.fail(), "bench", "profile", "the whole trace written", "a write error on " + path_.string());
  }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  std::unique_ptr<torch::autograd::profiler::RecordProfile> profiler_;
};

}  // namespace

nlohmann::json BenchResult::to_json() const {
  nlohmann::json j = {{"steps", steps},     {"batch_size", batch_size},     {"threads", threads},
                      {"blas_threads", blas_threads}, {"seconds", seconds}, {"images_per_s", images_per_s},
                      {"matmul_gflops", matmul_gflops}, {"trainer_options", trainer_options},
                      {"image_shape", image_shape},
                      {"adam", adam}};
  for (const auto& [phase, ms] : phases_ms) j["ms"][phase] = ms;
  return j;
}

BenchResult bench(const BenchOptions& options) {
  require(options.steps > 0, "bench", "steps", "a positive integer", std::to_string(options.steps));
  require(options.warmup >= 0, "bench", "warmup", "a count >= 0", std::to_string(options.warmup));
  require(options.batch_size >= 0, "bench", "batch_size", "a positive integer (0: the recipe's)",
          std::to_string(options.batch_size));
  BenchResult result;
  result.threads = configure_threads(options.threads, options.blas_threads);
  result.blas_threads = blas_threads();
  torch::manual_seed(0);
  const auto& recipe = find_recipe(options.model);
  auto folder = ImageFolderOptions();
  if (options.image_size > 0) folder.image_size(options.image_size);
  const auto data = load_dataset(options.data, Split::Train, options.data_dir, folder);
  result.image_shape = data.image_shape();
  auto model_options = options.model_options;  // the model is built for the data, as train builds it
  for (const auto& [key, value] : {std::pair{"channels", result.image_shape[0]}, {"image_size", result.image_shape[1]}}) {
    require(!model_options.contains(key) || model_options[key] == value, "bench", key,
            std::to_string(value) + " (the data's " + shape_text(result.image_shape) + "; --image-size sizes a folder)",
            model_options.value(key, nlohmann::json()).dump());
    model_options[key] = value;
  }
  auto model = make_model(options.model, model_options);
  const auto device = resolve_device(options.device);
  model->to(device);
  result.trainer_options = recipe.complete_trainer_options(recipe.trainer_options);
  auto trainer = recipe.make_trainer(model, result.trainer_options);
  result.batch_size = options.batch_size > 0 ? options.batch_size : recipe.batch_size;
  result.adam = FusedAdam::fuses(model->parameters()) ? "one-pass" : "libtorch";  // model is on `device`

  const auto images = data.images.to(device);  // uint8 [N,C,H,W]
  BatchSampler sampler(data.size(), result.batch_size, 0);
  int64_t step = 0;
  auto run_step = [&] {
    const int64_t spe = sampler.steps_per_epoch();
    auto idx = sampler.indices(step / spe, step % spe).to(device);
    trainer->step(to_float(images.index_select(0, idx), model->pixel_range()), step);
    ++step;
  };
  for (int64_t i = 0; i < options.warmup; ++i) run_step();
  PhaseTimer timer;
  if (options.breakdown) trainer->time_phases(&timer);
  std::optional<ProfileTrace> profile;
  if (!options.profile.empty()) profile.emplace(options.profile);
  const auto t0 = Clock::now();
  for (int64_t i = 0; i < options.steps; ++i) run_step();
  if (device.is_cuda()) torch::cuda::synchronize();
  result.seconds = seconds_since(t0);
  if (profile) profile->finish();
  result.steps = options.steps;
  result.images_per_s = static_cast<double>(options.steps * result.batch_size) / result.seconds;
  result.phases_ms = timer.mean_ms();
  if (device.is_cpu()) result.matmul_gflops = matmul_gflops();
  return result;
}

}  // namespace genzoo
