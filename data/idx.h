#pragma once
/// Reader and writer for the IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed.
///
///   auto images = genzoo::read_idx_images("train-images-idx3-ubyte.gz");  // uint8 [N,1,H,W]
///   auto labels = genzoo::read_idx_labels("train-labels-idx1-ubyte.gz");  // int64 [N]
#include <torch/types.h>

#include <filesystem>

namespace genzoo {

constexpr uint32_t kIdxImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr uint32_t kIdxLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension

/// Reads an IDX image file; sizes come from its header. Returns uint8 [N,1,H,W].
torch::Tensor read_idx_images(const std::filesystem::path& path);
/// Reads an IDX label file. Returns int64 [N].
torch::Tensor read_idx_labels(const std::filesystem::path& path);

/// Writes uint8 [N,1,H,W] (or [N,H,W]) images; gzip-compressed when the name ends in ".gz".
void write_idx_images(const std::filesystem::path& path, const torch::Tensor& images);
/// Writes integer labels [N] (values 0..255); gzip-compressed when the name ends in ".gz".
void write_idx_labels(const std::filesystem::path& path, const torch::Tensor& labels);

}  // namespace genzoo
