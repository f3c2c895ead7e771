#include "core/runtime.h"

#include "core/error.h"

#include <torch/torch.h>

#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace genzoo {

AllocatorSetting configure_allocator() {
  const char* opt_out = std::getenv("GENZOO_MALLOPT");
  if (opt_out && std::strcmp(opt_out, "0") == 0) return {false, "GENZOO_MALLOPT=0"};
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables && std::strstr(tunables, "glibc.malloc.")) return {false, "GLIBC_TUNABLES sets glibc.malloc options"};
  constexpr int kMmapThreshold = 32 << 20, kTrimThreshold = 1 << 30;
  if (mallopt(M_MMAP_THRESHOLD, kMmapThreshold) != 1 || mallopt(M_TRIM_THRESHOLD, kTrimThreshold) != 1) {
    return {false, "mallopt refused the setting"};
  }
  return {true, ""};
}
namespace {

// OpenBLAS is whatever libblas.so.3 the system provides, so it is looked up at run time, not linked.
template <typename Fn>
Fn openblas_symbol(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

int64_t configure_threads(int64_t n, int64_t blas) {
  if (n <= 0) n = std::max<int64_t>(1, std::thread::hardware_concurrency());
  torch::set_num_threads(static_cast<int>(n));
  if (auto set = openblas_symbol<void (*)(int)>("openblas_set_num_threads")) {
    set(static_cast<int>(blas > 0 ? blas : 1));
  }
  return n;
}

int64_t blas_threads() {
  auto get = openblas_symbol<int (*)()>("openblas_get_num_threads");
  return get ? get() : -1;
}

torch::Tensor cpu_rng_state() {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

void set_cpu_rng_state(const torch::Tensor& state) {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
}

ScopedCpuSeed::ScopedCpuSeed(uint64_t seed) : saved_(cpu_rng_state()) { torch::manual_seed(seed); }

ScopedCpuSeed::~ScopedCpuSeed() { set_cpu_rng_state(saved_); }

torch::Device resolve_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!torch::cuda::is_available()) {
      throw Error("device: 'cuda' requested, but this LibTorch has no CUDA device available");
    }
    return torch::kCUDA;
  }
  if (name == "auto") return torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
  throw Error("device: expected auto, cpu or cuda, found '" + name + "'");
}

}  // namespace genzoo
