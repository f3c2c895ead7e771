#pragma once
/// The image shape an architecture is built for: 1 (grayscale) or 3 (RGB) channels, square images of 28, 32 or 64
/// pixels. Every options struct of models/ carries `channels` and `image_size`; their defaults, 1 and 28, are the
/// MNIST shape that files written before these options existed were built for.
///
///   genzoo::validate_image_shape("gan options", 3, 32);            // fine
#include "data/dataset.h"

#include <array>
#include <cstdint>
#include <string>

namespace genzoo {

/// The image sizes every architecture supports.
inline constexpr std::array<int64_t, 3> kImageSizes = {28, 32, 64};
inline constexpr int64_t kDefaultChannels = 1;
inline constexpr int64_t kDefaultImageSize = 28;

/// Throws unless channels is 1 or 3 and image_size one of kImageSizes, naming `context` and the field.
void validate_image_shape(const std::string& context, int64_t channels, int64_t image_size);

}  // namespace genzoo
