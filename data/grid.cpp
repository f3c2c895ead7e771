#include "data/grid.h"

#include "core/error.h"
#include "core/files.h"

#include <stb_image_write.h>
#include <torch/torch.h>

namespace genzoo {

torch::Tensor make_grid(const torch::Tensor& images, const GridOptions& options) {
  if (images.dim() != 4 || (images.size(1) != 1 && images.size(1) != 3)) {
    throw Error("make_grid: expected images [N,1|3,H,W], found " + c10::str(images.sizes()));
  }
  if (options.nrow() <= 0 || options.padding() < 0 || options.scale() <= 0 ||
      options.high() <= options.low()) {
    throw Error("make_grid: nrow and scale must be positive, padding >= 0 and high > low");
  }
  const int64_t n = images.size(0), c = images.size(1);
  const int64_t h = images.size(2) * options.scale(), w = images.size(3) * options.scale();
  const int64_t ncol = std::min(options.nrow(), std::max<int64_t>(n, 1));
  const int64_t nrows = (n + ncol - 1) / ncol;
  const int64_t pad = options.padding();
  auto x = images.detach().to(torch::kCPU, torch::kFloat32);
  if (options.scale() > 1) {
    x = x.repeat_interleave(options.scale(), 2).repeat_interleave(options.scale(), 3);
  }
  auto grid = torch::full({c, nrows * (h + pad) + pad, ncol * (w + pad) + pad},
                          options.pad_value(), torch::kFloat32);  // [C,H',W']
  for (int64_t i = 0; i < n; ++i) {
    const int64_t top = pad + (i / ncol) * (h + pad), left = pad + (i % ncol) * (w + pad);
    grid.slice(1, top, top + h).slice(2, left, left + w).copy_(x[i]);
  }
  grid = (grid - options.low()) / (options.high() - options.low());
  return grid.clamp(0, 1).mul(255).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous();
}

std::string encode_png(const torch::Tensor& image) {
  if (image.dim() != 3 || image.scalar_type() != torch::kUInt8) {
    throw Error("encode_png: expected uint8 [H,W,C], found " + std::string(c10::str(image.sizes())));
  }
  auto pixels = image.contiguous().cpu();
  const int h = static_cast<int>(pixels.size(0)), w = static_cast<int>(pixels.size(1));
  const int c = static_cast<int>(pixels.size(2));
  std::string png;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &png, w, h, c, pixels.data_ptr<uint8_t>(), w * c)) {
    throw Error("encode_png: stb_image_write failed");
  }
  return png;
}

void write_png(const std::filesystem::path& path, const torch::Tensor& image, const PngText& text) {
  if (image.dim() != 3 || image.scalar_type() != torch::kUInt8) {
    throw Error(path.string() + ": write_png expects uint8 [H,W,C], found " + c10::str(image.sizes()));
  }
  const auto png = encode_png(image);
  write_file_atomic(path, text.empty() ? png : add_png_text(png, text));
}

void save_grid(const torch::Tensor& images, const std::filesystem::path& path,
               const GridOptions& options) {
  write_png(path, make_grid(images, options), options.text());
}

void save_grid(const torch::Tensor& images, const std::filesystem::path& path, int64_t nrow) {
  save_grid(images, path, GridOptions().nrow(nrow));
}

}  // namespace genzoo
