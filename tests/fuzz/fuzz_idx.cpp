// The IDX reader on hostile files, raw and gzip-compressed (the reader tells them apart by the gzip magic bytes,
// and the seed corpus holds both), read as images and as labels under a 1 MiB limit on declared sizes.
#include "data/idx.h"
#include "fuzz_target.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {
const std::filesystem::path kFile =
    std::filesystem::temp_directory_path() / ("genzoo-fuzz-idx-" + std::to_string(::getpid()));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::ofstream(kFile, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), size);
  constexpr uint64_t kLimit = 1 << 20;
  genzoo::fuzz::expect_errors_naming(kFile.string(), [] {
    auto images = genzoo::read_idx_images(kFile, kLimit);  // [N,1,H,W], or [N,C,H,W] from a 4-dimensional file
    if (images.dim() != 4) std::abort();
  });
  genzoo::fuzz::expect_errors_naming(kFile.string(), [] {
    auto labels = genzoo::read_idx_labels(kFile, kLimit);  // [N]
    if (labels.dim() != 1) std::abort();
  });
  return 0;
}
