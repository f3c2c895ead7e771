#include "trainers/bench.h"

#include "data/dataset.h"
#include "models/options_json.h"
#include "trainers/registry.h"
#include "trainers/runtime.h"

#include <torch/torch.h>

#include <chrono>

namespace genzoo {

BenchResult bench(const BenchOptions& options) {
  require(options.steps > 0, "bench", "steps", "a positive integer", std::to_string(options.steps));
  BenchResult result;
  result.threads = configure_threads(options.threads, options.blas_threads);
  result.blas_threads = blas_threads();
  torch::manual_seed(0);
  const auto& entry = model_registry().find(options.model);
  auto model = make_model(options.model, options.model_options);
  const auto device = resolve_device(options.device);
  model->to(device);
  auto trainer = entry.make_trainer(model, entry.trainer_options);
  result.batch_size = options.batch_size > 0 ? options.batch_size : entry.batch_size;

  const auto data = load_dataset(options.data, Split::Train, options.data_dir);
  const auto images = data.images.to(device);  // uint8 [N,1,28,28]
  BatchSampler sampler(data.size(), result.batch_size, 0);
  int64_t step = 0;
  auto run_step = [&] {
    const int64_t spe = sampler.steps_per_epoch();
    auto idx = sampler.indices(step / spe, step % spe).to(device);
    trainer->step(to_float(images.index_select(0, idx), model->pixel_range()), step);
    ++step;
  };
  for (int64_t i = 0; i < options.warmup; ++i) run_step();
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < options.steps; ++i) run_step();
  if (device.is_cuda()) torch::cuda::synchronize();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result.steps = options.steps;
  result.images_per_s = static_cast<double>(options.steps * result.batch_size) / result.seconds;
  return result;
}

}  // namespace genzoo
