#include "formats/safetensors.h"

#include "core/error.h"
#include "core/files.h"
#include "core/json.h"
#include "core/text.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <set>
#include <cstring>
#include <tuple>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors stores little-endian bytes");

namespace genzoo {
namespace fs = std::filesystem;
namespace {

const std::vector<std::pair<std::string, torch::ScalarType>>& dtypes() {
  static const std::vector<std::pair<std::string, torch::ScalarType>> table = {
      {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16},
      {"I64", torch::kInt64},   {"I32", torch::kInt32},   {"I16", torch::kInt16},   {"I8", torch::kInt8},
      {"U8", torch::kUInt8},    {"BOOL", torch::kBool}};
  return table;
}

std::string dtype_name(torch::ScalarType type, const std::string& tensor) {
  for (const auto& [name, t] : dtypes()) {
    if (t == type) return name;
  }
  throw Error("safetensors: tensor '" + tensor + "': dtype " + std::string(c10::toString(type)) +
              " has no safetensors name");
}

std::string known_dtypes() {
  return join(dtypes(), [](const auto& entry) { return entry.first; });
}

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw Error(source + ": invalid safetensors: " + what);
}

struct Entry {
  std::string name;
  torch::ScalarType dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

Entry parse_entry(const std::string& name, const nlohmann::json& j, const std::string& source) {
  const std::string where = "tensor '" + name + "'";
  if (!j.is_object()) fail(source, where + ": expected an object, found " + j.type_name());
  for (const auto& [key, value] : j.items()) {
    if (key != "dtype" && key != "shape" && key != "data_offsets") {
      fail(source, where + ": unknown field '" + key + "'");
    }
  }
  if (!j.contains("dtype") || !j["dtype"].is_string()) fail(source, where + ": dtype: expected a string");
  const auto dtype = j["dtype"].get<std::string>();
  auto found = std::find_if(dtypes().begin(), dtypes().end(), [&](const auto& e) { return e.first == dtype; });
  if (found == dtypes().end()) {
    fail(source, where + ": dtype: expected one of " + known_dtypes() + ", found '" + dtype + "'");
  }
  Entry e{name, found->second, {}, 0, 0};

  if (!j.contains("shape") || !j["shape"].is_array()) fail(source, where + ": shape: expected an array");
  uint64_t count = 1, extent = 1;  // extent: the product of the non-zero sizes, which the strides must hold
  for (const auto& d : j["shape"]) {
    if (!d.is_number_unsigned()) fail(source, where + ": shape: expected non-negative integers, found " + d.dump());
    const auto size = d.get<uint64_t>();
    if (__builtin_mul_overflow(extent, std::max<uint64_t>(size, 1), &extent) ||
        extent > static_cast<uint64_t>(INT64_MAX) || __builtin_mul_overflow(count, size, &count)) {
      fail(source, where + ": shape: " + j["shape"].dump() + " is too large");
    }
    e.shape.push_back(static_cast<int64_t>(size));
  }
  const auto& offsets = j.value("data_offsets", nlohmann::json());
  if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
      !offsets[1].is_number_unsigned()) {
    fail(source, where + ": data_offsets: expected [begin, end], found " + offsets.dump());
  }
  e.begin = offsets[0].get<uint64_t>();
  e.end = offsets[1].get<uint64_t>();
  if (e.end < e.begin) fail(source, where + ": data_offsets: end " + std::to_string(e.end) + " before begin " +
                                        std::to_string(e.begin));
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(count, static_cast<uint64_t>(c10::elementSize(e.dtype)), &bytes) ||
      bytes != e.end - e.begin) {
    fail(source, where + ": data_offsets: expected " + std::to_string(count) + " x " +
                     std::to_string(c10::elementSize(e.dtype)) + " bytes for shape " + j["shape"].dump() + " " +
                     dtype + ", found " + std::to_string(e.end - e.begin));
  }
  return e;
}

}  // namespace

std::string encode_safetensors(const std::map<std::string, torch::Tensor>& tensors,
                               const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> data;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    if (name == "__metadata__") throw Error("safetensors: '__metadata__' cannot name a tensor");
    auto t = tensor.detach().to(torch::kCPU).contiguous();
    const uint64_t bytes = static_cast<uint64_t>(t.numel()) * t.element_size();
    header[name] = {{"dtype", dtype_name(t.scalar_type(), name)},
                    {"shape", t.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(t);
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-byte aligned
  std::string out(8, '\0');
  const uint64_t n = text.size();
  std::memcpy(out.data(), &n, 8);
  out += text;
  out.reserve(out.size() + offset);
  for (const auto& t : data) {
    if (t.numel() > 0) out.append(static_cast<const char*>(t.data_ptr()), t.numel() * t.element_size());
  }
  return out;
}

void write_safetensors(const fs::path& path, const std::map<std::string, torch::Tensor>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  write_file_atomic(path, encode_safetensors(tensors, metadata));
}

Safetensors parse_safetensors(const std::string& bytes, const std::string& source) {
  if (bytes.size() < 8) fail(source, "expected at least 8 bytes, found " + std::to_string(bytes.size()));
  uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  if (n > kSafetensorsMaxHeader) {
    fail(source, "header length: expected at most " + std::to_string(kSafetensorsMaxHeader) + " bytes, found " +
                     std::to_string(n));
  }
  if (8 + n > bytes.size()) {
    fail(source, "header length " + std::to_string(n) + " runs past the end of the " +
                     std::to_string(bytes.size()) + "-byte file");
  }
  // The core parser refuses deep nesting, NUL bytes (nlohmann would stop reading at one) and a name given twice.
  const auto header = parse_json(bytes.substr(8, n), source + ": header");
  if (!header.is_object()) fail(source, "header: expected a JSON object");

  Safetensors out;
  std::vector<Entry> entries;
  for (const auto& [key, value] : header.items()) {
    if (key == "__metadata__") {
      if (!value.is_object()) fail(source, "__metadata__: expected an object of strings");
      for (const auto& [mk, mv] : value.items()) {
        if (!mv.is_string()) fail(source, "__metadata__: '" + mk + "': expected a string, found " + mv.dump());
        out.metadata[mk] = mv.get<std::string>();
      }
      continue;
    }
    entries.push_back(parse_entry(key, value, source));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return std::tie(a.begin, a.end) < std::tie(b.begin, b.end); });
  const uint64_t data_size = bytes.size() - 8 - n;
  uint64_t expected_begin = 0;
  for (const auto& e : entries) {
    if (e.begin != expected_begin) {
      fail(source, "tensor '" + e.name + "': data_offsets: expected to begin at byte " +
                       std::to_string(expected_begin) + (e.begin < expected_begin ? " (it overlaps the previous tensor)"
                                                                                  : " (it leaves a gap)") +
                       ", found " + std::to_string(e.begin));
    }
    expected_begin = e.end;
  }
  if (expected_begin != data_size) {
    fail(source, "data: the tensors cover " + std::to_string(expected_begin) + " bytes, the file holds " +
                     std::to_string(data_size));
  }
  const char* data = bytes.data() + 8 + n;
  for (const auto& e : entries) {
    auto t = torch::empty(e.shape, torch::TensorOptions().dtype(e.dtype));
    if (e.end > e.begin) std::memcpy(t.data_ptr(), data + e.begin, e.end - e.begin);  // empty: no storage
    out.tensors[e.name] = t;
  }
  return out;
}

Safetensors read_safetensors(const fs::path& path) {
  return naming_source(path.string(), [&] { return parse_safetensors(read_file(path), path.string()); });
}

}  // namespace genzoo
