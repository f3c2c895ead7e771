// The PNG text reader (data/png_text.h) on hostile bytes: the text chunks within their bounds, or an error naming the
// source; and text it accepts, written into a PNG again, reads back equal.
#include "data/png_text.h"
#include "fuzz_target.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  genzoo::fuzz::expect_errors_naming("fuzz.png", [&] {
    const auto text = genzoo::parse_png_text(bytes, "fuzz.png");
    if (text.size() > genzoo::kMaxPngTextChunks) std::abort();
    for (const auto& [keyword, value] : text) {
      if (keyword.empty() || keyword.size() > genzoo::kMaxPngKeywordBytes || value.size() > genzoo::kMaxPngTextBytes) {
        std::abort();
      }
    }
  });
  return 0;
}
