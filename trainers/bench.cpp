#include "trainers/bench.h"

#include "data/dataset.h"
#include "data/error.h"
#include "trainers/gan_trainer.h"
#include "models/options_json.h"
#include "trainers/registry.h"
#include "trainers/runtime.h"

#include <torch/torch.h>

#include <chrono>

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

}  // namespace

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
  if (device.is_cpu()) result.matmul_gflops = matmul_gflops();
  return result;
}

std::vector<std::pair<std::string, double>> gan_step_breakdown(const BenchOptions& options) {
  configure_threads(options.threads, options.blas_threads);
  torch::manual_seed(0);
  const auto& entry = model_registry().find(options.model);
  auto model = std::dynamic_pointer_cast<DcganImpl>(make_model(options.model, options.model_options));
  if (!model) throw Error("bench --breakdown: '" + options.model + "' is not a GAN-family model");
  GanTrainer trainer(model, GanTrainerOptions::from_json(entry.trainer_options));
  const int64_t batch = options.batch_size > 0 ? options.batch_size : entry.batch_size;
  const auto data = load_dataset(options.data, Split::Train, options.data_dir);
  auto real = to_float(data.images.slice(0, 0, batch), model->pixel_range());  // [B,1,28,28]
  model->train();

  std::vector<std::pair<std::string, double>> parts = {
      {"generator_forward_no_graph", 0}, {"generator_forward_with_graph", 0}, {"critic_update", 0},
      {"generator_update", 0}};
  for (int64_t i = 0; i < options.warmup + options.steps; ++i) {
    const bool timed = i >= options.warmup;
    NamedScalars metrics;
    auto t0 = Clock::now();
    trainer.generate_fake(batch, real.options(), /*with_graph=*/false);
    if (timed) parts[0].second += seconds_since(t0);
    t0 = Clock::now();
    auto fake = trainer.generate_fake(batch, real.options(), /*with_graph=*/true);
    if (timed) parts[1].second += seconds_since(t0);
    t0 = Clock::now();
    trainer.update_critic(real, fake, metrics);
    if (timed) parts[2].second += seconds_since(t0);
    t0 = Clock::now();
    trainer.update_generator(fake, metrics);
    if (timed) parts[3].second += seconds_since(t0);
  }
  for (auto& part : parts) part.second *= 1000.0 / static_cast<double>(options.steps);
  return parts;
}

}  // namespace genzoo
