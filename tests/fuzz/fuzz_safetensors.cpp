// The safetensors reader on hostile bytes: a file either decodes into tensors whose bytes it holds, or is refused
// with an error naming it.
#include "formats/safetensors.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  genzoo::fuzz::expect_errors_naming("fuzz.safetensors", [&] {
    const auto file = genzoo::parse_safetensors(bytes, "fuzz.safetensors");
    for (const auto& [name, tensor] : file.tensors) {
      if (!tensor.is_contiguous() || static_cast<size_t>(tensor.nbytes()) > size) std::abort();
      (void)tensor.sum();  // touches every element: ASan sees a tensor that points outside its storage
    }
    // What it read, written again, reads back the same.
    const auto again = genzoo::parse_safetensors(genzoo::encode_safetensors(file.tensors, file.metadata), "again");
    if (again.tensors.size() != file.tensors.size() || again.metadata != file.metadata) std::abort();
  });
  return 0;
}
