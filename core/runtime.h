#pragma once
/// Process-wide settings: torch and BLAS threads, and the device a run uses.
///
///   genzoo::configure_threads(0);                     // all cores for torch; BLAS as measured best
///   torch::Device device = genzoo::resolve_device("auto");
#include <torch/types.h>


#include <string>

namespace genzoo {

/// Torch intra-op threads: n, or every core when n <= 0 (LibTorch 1.13 starts with one).
/// OpenBLAS gets `blas_threads` (<= 0: 1, measured fastest beside torch's own pool; see docs/performance.md).
/// Returns the torch thread count set.
int64_t configure_threads(int64_t n, int64_t blas_threads = 0);

/// Threads OpenBLAS uses, or -1 when torch's BLAS is not OpenBLAS.
int64_t blas_threads();

/// State of torch's default CPU generator, to keep in a checkpoint and restore on resume.
torch::Tensor cpu_rng_state();
void set_cpu_rng_state(const torch::Tensor& state);

/// Reseeds the default CPU generator for a scope and restores its state after, so that held-out evaluation
/// is repeatable and leaves training's random stream untouched.
class ScopedCpuSeed {
 public:
  explicit ScopedCpuSeed(uint64_t seed);
  ~ScopedCpuSeed();
  ScopedCpuSeed(const ScopedCpuSeed&) = delete;
  ScopedCpuSeed& operator=(const ScopedCpuSeed&) = delete;

 private:
  torch::Tensor saved_;
};

/// "auto" (CUDA when available, else CPU), "cpu" or "cuda"; CUDA without a CUDA build is an error.
torch::Device resolve_device(const std::string& name);

}  // namespace genzoo
