#include "core/runtime.h"

#include "core/error.h"

#include <torch/torch.h>

#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#ifndef GENZOO_VERSION
#define GENZOO_VERSION "unknown"
#endif

namespace genzoo {

const char* genzoo_version() { return GENZOO_VERSION; }

bool opted_out(const char* name) {
  const char* setting = std::getenv(name);
  return setting != nullptr && std::strcmp(setting, "0") == 0;
}

AllocatorSetting configure_allocator() {
  if (opted_out("GENZOO_MALLOPT")) return {false, "GENZOO_MALLOPT=0"};
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
  require(n <= kMaxThreads, "threads", "threads", "at most " + std::to_string(kMaxThreads), std::to_string(n));
  require(blas <= kMaxThreads, "threads", "blas_threads", "at most " + std::to_string(kMaxThreads),
          std::to_string(blas));
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

namespace {

at::Generator default_generator(const torch::Device& device) {
  if (device.is_cpu()) return at::detail::getDefaultCPUGenerator();
  return at::globalContext().defaultGenerator(device);
}

}  // namespace

std::vector<torch::Device> rng_devices() {
  std::vector<torch::Device> devices = {torch::kCPU};
  const auto cuda_devices = static_cast<int64_t>(torch::cuda::device_count());
  for (int64_t i = 0; i < cuda_devices; ++i) devices.emplace_back(torch::kCUDA, static_cast<int8_t>(i));
  return devices;
}

torch::Tensor rng_state(const torch::Device& device) {
  auto generator = default_generator(device);
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

void set_rng_state(const torch::Device& device, const torch::Tensor& state) {
  auto generator = default_generator(device);
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
}

ScopedSeed::ScopedSeed(uint64_t seed) {
  for (const auto& device : rng_devices()) {
    auto generator = default_generator(device);
    std::lock_guard<std::mutex> lock(generator.mutex());
    saved_.emplace_back(generator, generator.get_state());
    generator.set_current_seed(seed);
  }
}

ScopedSeed::~ScopedSeed() {
  for (auto& [generator, state] : saved_) {
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(state);
  }
}

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
