#pragma once
/// Process-wide settings: the allocator, torch and BLAS threads, and the device a run uses.
///
///   genzoo::configure_allocator();                    // glibc keeps large freed blocks (the genzoo CLI calls it)
///   genzoo::configure_threads(0);                     // all cores for torch; BLAS as measured best
///   torch::Device device = genzoo::resolve_device("auto");
#include <torch/types.h>


#include <string>
#include <utility>
#include <vector>

namespace genzoo {

/// True when the environment variable `name` is set to "0": how a user turns off one of genzoo's speed settings
/// (GENZOO_MALLOPT, GENZOO_FUSED_ADAM) for a side-by-side benchmark.
bool opted_out(const char* name);

/// This build's version (the project version CMake defines), as checkpoints, exports and grids record it.
const char* genzoo_version();

/// What configure_allocator did.
struct AllocatorSetting {
  bool applied = false;
  std::string reason;  // why not, when not applied
};

/// glibc malloc: serve blocks below 32 MiB from the heap and keep up to 1 GiB of freed memory there
/// (mallopt M_MMAP_THRESHOLD and M_TRIM_THRESHOLD, as GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:
/// glibc.malloc.trim_threshold=1073741824). By default glibc hands every large freed activation back to the kernel
/// and maps it again on the next step; keeping it made training 1.2-1.4x faster here (docs/performance.md). Not
/// applied when GLIBC_TUNABLES already sets glibc.malloc options (the user's choice) or GENZOO_MALLOPT=0.
/// Call it at start-up, before large allocations.
AllocatorSetting configure_allocator();

/// The most threads genzoo asks for, of torch or OpenBLAS; every thread flag and setting is held to it.
inline constexpr int64_t kMaxThreads = 1024;

/// Torch intra-op threads: n, or every core when n <= 0 (LibTorch 1.13 starts with one); n or `blas_threads` above
/// kMaxThreads is an error.
/// OpenBLAS gets `blas_threads` (<= 0: 1, measured fastest beside torch's own pool; see docs/performance.md).
/// Returns the torch thread count set.
int64_t configure_threads(int64_t n, int64_t blas_threads = 0);

/// Threads OpenBLAS uses, or -1 when torch's BLAS is not OpenBLAS.
int64_t blas_threads();

/// The devices whose default generators draw training's random numbers: the CPU, then each CUDA device.
std::vector<torch::Device> rng_devices();
/// State of a device's default generator, to keep in a checkpoint and restore on resume.
torch::Tensor rng_state(const torch::Device& device);
void set_rng_state(const torch::Device& device, const torch::Tensor& state);

/// Reseeds the default generators of the CPU and of every CUDA device for a scope and restores each one's state
/// after, so that held-out evaluation is repeatable and leaves training's random streams untouched. (torch's
/// manual_seed reseeds the CUDA generators too: restoring only the CPU's would restart a CUDA run's noise at every
/// evaluation.)
class ScopedSeed {
 public:
  explicit ScopedSeed(uint64_t seed);
  ~ScopedSeed();
  ScopedSeed(const ScopedSeed&) = delete;
  ScopedSeed& operator=(const ScopedSeed&) = delete;

 private:
  std::vector<std::pair<at::Generator, torch::Tensor>> saved_;
};

/// "auto" (CUDA when available, else CPU), "cpu" or "cuda"; CUDA without a CUDA build is an error.
torch::Device resolve_device(const std::string& name);

}  // namespace genzoo
