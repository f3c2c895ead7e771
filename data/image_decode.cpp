#include "data/image_decode.h"

#include "core/error.h"
#include "core/text.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <torch/torch.h>

#include <climits>
#include <memory>

namespace genzoo {
namespace {

struct StbFree {
  void operator()(stbi_uc* pixels) const { stbi_image_free(pixels); }
};

std::string where(const std::filesystem::path& file) { return printable(file.string()); }

}  // namespace

torch::Tensor decode_image(const std::string& bytes, const std::filesystem::path& file,
                           const ImageDecodeOptions& options) {
  if (bytes.empty()) throw Error(where(file) + ": an empty file, not an image");
  if (bytes.size() > static_cast<size_t>(INT_MAX)) throw Error(where(file) + ": larger than 2 GiB, not read");
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int length = static_cast<int>(bytes.size());
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(data, length, &w, &h, &comp)) {
    throw Error(where(file) + ": not an image stb_image can read (" + stbi_failure_reason() + ")");
  }
  if (w <= 0 || h <= 0 || int64_t{w} * h > options.max_pixels()) {
    throw Error(where(file) + ": the header declares " + std::to_string(w) + "x" + std::to_string(h) +
                " pixels; at most " + std::to_string(options.max_pixels()) + " are decoded");
  }
  std::unique_ptr<stbi_uc, StbFree> rgba(stbi_load_from_memory(data, length, &w, &h, &comp, 4));
  if (!rgba) throw Error(where(file) + ": cannot decode (" + std::string(stbi_failure_reason()) + ")");
  // The centre square, composited over the background: c' = (c a + b (255 - a)) / 255, rounded.
  const int side = std::min(w, h), top = (h - side) / 2, left = (w - side) / 2;
  const int size = static_cast<int>(options.size());
  const auto& b = options.background();
  auto square = torch::empty({side, side, 3}, torch::kUInt8);  // [side,side,3]
  auto* to = square.data_ptr<uint8_t>();
  for (int y = 0; y < side; ++y) {
    const stbi_uc* from = rgba.get() + (static_cast<size_t>(top + y) * w + left) * 4;
    for (int x = 0; x < side; ++x, from += 4) {
      const int a = from[3];
      for (int c = 0; c < 3; ++c) *to++ = static_cast<uint8_t>((from[c] * a + b[c] * (255 - a) + 127) / 255);
    }
  }
  auto out = torch::empty({size, size, 3}, torch::kUInt8);
  if (side == size) {
    out.copy_(square);
  } else if (!stbir_resize_uint8_srgb(square.data_ptr<uint8_t>(), side, side, side * 3, out.data_ptr<uint8_t>(), size,
                                      size, size * 3, 3, STBIR_ALPHA_CHANNEL_NONE, 0)) {
    throw Error(where(file) + ": stb_image_resize failed");
  }
  return out.permute({2, 0, 1}).contiguous();  // [3,size,size]
}

Rgb parse_hex_colour(const std::string& text, const std::string& context) {
  const auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  bool ok = text.size() == 7 && text[0] == '#';
  Rgb colour{};
  for (size_t i = 0; ok && i < 3; ++i) {
    const int high = hex(text[1 + 2 * i]), low = hex(text[2 + 2 * i]);
    ok = high >= 0 && low >= 0;
    colour[i] = static_cast<uint8_t>(16 * high + low);
  }
  if (!ok) throw Error(context + ": expected a colour \"#rrggbb\", found \"" + printable(text) + "\"");
  return colour;
}

torch::Tensor rgb_to_gray(const torch::Tensor& rgb) {
  auto x = rgb.to(torch::kFloat64);  // [N,3,H,W]
  auto luma = x.select(1, 0) * 0.299 + x.select(1, 1) * 0.587 + x.select(1, 2) * 0.114;
  return luma.round().clamp(0, 255).to(torch::kUInt8).unsqueeze(1);  // [N,1,H,W]
}

bool has_colour(const torch::Tensor& rgb) {
  auto r = rgb.select(1, 0), g = rgb.select(1, 1), b = rgb.select(1, 2);
  return r.ne(g).logical_or(r.ne(b)).any().item<bool>();
}

}  // namespace genzoo
