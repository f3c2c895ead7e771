#pragma once
/// Image grids written to PNG, like torchvision's make_grid + save_image.
///
///   genzoo::save_grid(model->sample(64), "samples.png", 8);                       // 8 per row
///   genzoo::save_grid(x, "big.png", genzoo::GridOptions().nrow(16).scale(2).padding(1));
#include "data/png_text.h"

#include <torch/arg.h>
#include <torch/types.h>

#include <filesystem>
#include <string>

namespace genzoo {

struct GridOptions {
  /// Images per row.
  TORCH_ARG(int64_t, nrow) = 8;
  /// Pixels between and around images.
  TORCH_ARG(int64_t, padding) = 2;
  /// The padding's value, in the [low, high] range.
  TORCH_ARG(double, pad_value) = 0.0;
  /// Value drawn black.
  TORCH_ARG(double, low) = 0.0;
  /// Value drawn white.
  TORCH_ARG(double, high) = 1.0;
  /// Integer upscale (nearest neighbour).
  TORCH_ARG(int64_t, scale) = 1;
  /// Text chunks written into the PNG (data/png_text.h): where the grid came from.
  TORCH_ARG(PngText, text) = {};
};

/// [N,C,H,W] float images (C = 1 or 3) -> uint8 [H',W',C] image, values clamped to [low, high].
torch::Tensor make_grid(const torch::Tensor& images, const GridOptions& options = {});

/// A uint8 [H,W,C] image (C = 1, 3 or 4) as the bytes of a PNG file.
std::string encode_png(const torch::Tensor& image);
/// Writes it atomically (core/files.h), with `text` as tEXt chunks; a failed write is an error naming the path.
void write_png(const std::filesystem::path& path, const torch::Tensor& image, const PngText& text = {});

/// make_grid + write_png.
void save_grid(const torch::Tensor& images, const std::filesystem::path& path,
               const GridOptions& options = {});
void save_grid(const torch::Tensor& images, const std::filesystem::path& path, int64_t nrow);

}  // namespace genzoo
