#pragma once
/// Training throughput of a registered model: timed steps over a real dataset held in memory.
///
///   auto r = genzoo::bench({"vae", "mnist"});   // r.images_per_s
#include <nlohmann/json.hpp>

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
  nlohmann::json model_options = nlohmann::json::object();  // overrides of the registry's defaults
};

struct BenchResult {
  int64_t steps = 0;
  int64_t batch_size = 0;
  int64_t threads = 0;
  int64_t blas_threads = 0;
  double seconds = 0;
  double images_per_s = 0;   // images through the training step per second
};

BenchResult bench(const BenchOptions& options);

}  // namespace genzoo
