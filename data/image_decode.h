#pragma once
/// One image file (anything stb_image decodes: PNG, JPEG, BMP, GIF's first frame, TGA, PSD, HDR, PNM) as a square
/// RGB tensor of a chosen size, bounded before anything is decoded.
///
///   genzoo::ImageDecodeOptions options;                                   // 32 px over white
///   torch::Tensor rgb = genzoo::decode_image(bytes, "cat.png", options);    // uint8 [3,32,32]
///
/// The steps, in order: the header's width and height are read (stbi_info) and refused above max_pixels; the image
/// is decoded to 8-bit RGBA (16-bit files are reduced to 8 bits); alpha is composited over the background colour;
/// the centre square of side min(width, height) is cut out; it is resized to size x size by stb_image_resize in
/// sRGB-correct linear light (Mitchell filter when shrinking, Catmull-Rom when enlarging).
#include <torch/arg.h>
#include <torch/types.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

namespace genzoo {

/// A colour: red, green, blue.
using Rgb = std::array<uint8_t, 3>;

struct ImageDecodeOptions {
  /// Side of the square output.
  TORCH_ARG(int64_t, size) = 32;
  /// The colour transparent pixels are composited over, RGB.
  TORCH_ARG(Rgb, background) = Rgb{255, 255, 255};
  /// The most pixels a header may declare (width x height): 2^24, 4096 x 4096 (64 MiB decoded).
  TORCH_ARG(int64_t, max_pixels) = int64_t{1} << 24;
};

/// The bytes of one image file -> uint8 [3,size,size]. Throws Error naming `file` for bytes stb cannot decode (with
/// its reason) and for a header above max_pixels.
torch::Tensor decode_image(const std::string& bytes, const std::filesystem::path& file,
                           const ImageDecodeOptions& options);

/// "#rrggbb" -> the colour; throws naming `context` otherwise.
Rgb parse_hex_colour(const std::string& text, const std::string& context);

/// RGB uint8 [N,3,H,W] -> grayscale [N,1,H,W] by ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B, rounded), the
/// conversion PIL's convert("L") makes; a pixel with R = G = B keeps its value.
torch::Tensor rgb_to_gray(const torch::Tensor& rgb);

/// Whether any pixel of RGB uint8 [N,3,H,W] images has R, G and B not all equal.
bool has_colour(const torch::Tensor& rgb);

}  // namespace genzoo
