#pragma once
/// `genzoo bench`: training throughput of a registered model, timed steps over a real dataset held in memory, and
/// the time of each part of its step.
///
///   auto r = genzoo::bench({"vae", "mnist"});   // r.images_per_s, r.matmul_gflops, r.phases_ms
/// With `profile`, every operator of the timed steps is recorded by LibTorch's own profiler (its overhead slows the
/// steps; read the shares, not images/s) and written as a chrome://tracing JSON file; scripts/dev/bench/profile_table.py sums
/// it per operator.
#include "core/metrics.h"

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <string>

namespace genzoo {

struct BenchOptions {
  std::string model = "vae";
  std::string data = "mnist";
  std::filesystem::path data_dir;
  int64_t steps = 200;        // timed steps
  int64_t warmup = 10;        // untimed steps first
  int64_t batch_size = 0;     // 0: the registry's recipe
  int64_t threads = 0;        // torch threads; 0: every core
  int64_t blas_threads = 0;   // OpenBLAS threads; 0: genzoo's default
  std::string device = "cpu";
  bool breakdown = false;     // time each part of the step (a little slower overall)
  std::filesystem::path profile;  // non-empty: LibTorch's profiler over the timed steps, a chrome://tracing file
  nlohmann::json model_options = nlohmann::json::object();  // overrides of the registry's defaults
  int64_t image_size = 0;     // an image folder's side (0: the folder default); the model is sized by the data
};

struct BenchResult {
  int64_t steps = 0;
  int64_t batch_size = 0;
  int64_t threads = 0;
  int64_t blas_threads = 0;
  double seconds = 0;
  double images_per_s = 0;   // images through the training step per second
  double matmul_gflops = 0;  // float32 1024x1024 matmul on the same threads: the machine's practical peak
  Metrics phases_ms;         // with `breakdown`: milliseconds per call of each part of the step
  nlohmann::json trainer_options;  // the recipe's, complete: what was timed (lr, n_critic, ...)
  std::array<int64_t, 3> image_shape{};  // {C,H,W} of the data, which the model was built for
  std::string adam;  // "one-pass" (FusedAdam's CPU step) or "libtorch" (GENZOO_FUSED_ADAM=0, CUDA, channels-last weights)
  nlohmann::json to_json() const;
};

BenchResult bench(const BenchOptions& options);

}  // namespace genzoo
