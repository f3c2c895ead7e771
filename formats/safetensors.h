#pragma once
/// The safetensors format: an 8-byte little-endian header length, a JSON header mapping tensor names to
/// {dtype, shape, data_offsets} (plus an optional "__metadata__" string map), then the raw little-endian bytes.
/// Reading executes nothing and checks everything: a hostile file is an error naming the tensor or the field.
///
///   genzoo::write_safetensors("model.safetensors", {{"fc.weight", w}}, {{"genzoo.model", "vae"}});
///   auto file = genzoo::read_safetensors("model.safetensors");   // file.tensors, file.metadata
#include <torch/types.h>

#include <filesystem>
#include <map>
#include <string>

namespace genzoo {

struct Safetensors {
  std::map<std::string, torch::Tensor> tensors;     // contiguous CPU tensors, by name
  std::map<std::string, std::string> metadata;      // "__metadata__"
};

/// The largest header genzoo reads (the format's reference implementation uses the same bound).
constexpr uint64_t kSafetensorsMaxHeader = 100'000'000;

/// Writes tensors (any device; F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL) atomically, sorted by name.
void write_safetensors(const std::filesystem::path& path, const std::map<std::string, torch::Tensor>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

/// Reads and validates a whole file.
Safetensors read_safetensors(const std::filesystem::path& path);
/// Validates and decodes the bytes of a file; `source` names it in messages.
Safetensors parse_safetensors(const std::string& bytes, const std::string& source);
/// Encodes as write_safetensors would.
std::string encode_safetensors(const std::map<std::string, torch::Tensor>& tensors,
                               const std::map<std::string, std::string>& metadata = {});

}  // namespace genzoo
