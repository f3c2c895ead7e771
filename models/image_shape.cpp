#include "models/image_shape.h"

#include "core/error.h"
#include "core/text.h"

namespace genzoo {

void validate_image_shape(const std::string& context, int64_t channels, int64_t image_size) {
  require(channels == 1 || channels == 3, context, "channels", "1 or 3", std::to_string(channels));
  bool known = false;
  for (const int64_t size : kImageSizes) known = known || size == image_size;
  require(known, context, "image_size", "one of " + join(kImageSizes, [](int64_t s) { return std::to_string(s); }),
          std::to_string(image_size));
}

}  // namespace genzoo
