#pragma once
/// Reader and writer for the IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed.
///
///   auto images = genzoo::read_idx_images("train-images-idx3-ubyte.gz");  // uint8 [N,1,H,W] ([N,C,H,W] from idx4)
///   auto labels = genzoo::read_idx_labels("train-labels-idx1-ubyte.gz");  // int64 [N]
#include <torch/types.h>

#include <filesystem>

namespace genzoo {

constexpr uint32_t kIdxImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr uint32_t kIdxColourImagesMagic = 0x00000804;  // unsigned byte, 4 dimensions: [N,C,H,W]
constexpr uint32_t kIdxLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension

/// The most data bytes an IDX file may declare unless GENZOO_IDX_MAX_BYTES raises it: 1 GiB (the full MNIST's
/// training images are 47 MB).
constexpr uint64_t kIdxDefaultMaxBytes = uint64_t{1} << 30;
/// The highest GENZOO_IDX_MAX_BYTES accepts: 64 GiB, more than this machine's memory, never "no limit".
constexpr uint64_t kIdxMaxBytesLimit = uint64_t{1} << 36;
/// GENZOO_IDX_MAX_BYTES when set (1 to kIdxMaxBytesLimit; anything else is an error), else kIdxDefaultMaxBytes.
uint64_t idx_max_bytes();

/// Reads an IDX image file; sizes come from its header, which is checked (magic, size within `max_bytes`, no
/// overflow) before the data is read; exactly that many bytes must follow, and nothing after them (nor after the
/// gzip stream). Only regular files. Returns uint8 [N,1,H,W] for a 3-dimensional file (MNIST's), [N,C,H,W] for a
/// 4-dimensional one (colour images).
torch::Tensor read_idx_images(const std::filesystem::path& path, uint64_t max_bytes = idx_max_bytes());
/// Reads an IDX label file, checked alike. Returns int64 [N].
torch::Tensor read_idx_labels(const std::filesystem::path& path, uint64_t max_bytes = idx_max_bytes());

/// Writes uint8 [N,1,H,W] (or [N,H,W]) images as a 3-dimensional IDX file and [N,C,H,W] with C > 1 as a
/// 4-dimensional one, atomically; gzip-compressed when the name ends in ".gz".
void write_idx_images(const std::filesystem::path& path, const torch::Tensor& images);
/// Writes integer labels [N] (values 0..255); gzip-compressed when the name ends in ".gz".
void write_idx_labels(const std::filesystem::path& path, const torch::Tensor& labels);

}  // namespace genzoo
