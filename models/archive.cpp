#include "models/archive.h"

#include "core/error.h"
#include "core/files.h"

#include <torch/torch.h>

#include <sstream>

namespace genzoo {
namespace fs = std::filesystem;

torch::serialize::InputArchive open_archive(const fs::path& path) {
  if (!fs::exists(path)) throw Error(path.string() + ": no such file");
  if (!fs::is_regular_file(path)) throw Error(path.string() + ": not a regular file");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path.string(), torch::Device(torch::kCPU));
  } catch (const c10::Error& e) {
    throw Error(path.string() + ": not a readable checkpoint (" + e.what_without_backtrace() + ")");
  }
  return archive;
}

void write_meta(torch::serialize::OutputArchive& archive, const nlohmann::json& meta) {
  archive.write("genzoo_format", c10::IValue(kArchiveFormatVersion));
  archive.write("genzoo_meta", c10::IValue(meta.dump()));
}

nlohmann::json read_meta(torch::serialize::InputArchive& archive, const std::string& source) {
  c10::IValue version, meta;
  if (!archive.try_read("genzoo_format", version) || !archive.try_read("genzoo_meta", meta)) {
    throw Error(source + ": not a genzoo checkpoint (no genzoo_format/genzoo_meta entries)");
  }
  if (!version.isInt() || version.toInt() != kArchiveFormatVersion) {
    throw Error(source + ": checkpoint format version: expected " + std::to_string(kArchiveFormatVersion) +
                ", found " + (version.isInt() ? std::to_string(version.toInt()) : "a non-integer"));
  }
  if (!meta.isString()) throw Error(source + ": genzoo_meta: expected a JSON string");
  auto parsed = nlohmann::json::parse(meta.toStringRef(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) throw Error(source + ": genzoo_meta: expected a JSON object");
  return parsed;
}

void save_archive(torch::serialize::OutputArchive& archive, const fs::path& path) {
  std::ostringstream bytes;
  try {
    archive.save_to(bytes);
  } catch (const c10::Error& e) {
    throw Error(path.string() + ": cannot serialise (" + e.what_without_backtrace() + ")");
  }
  write_file_atomic(path, bytes.str());
}

}  // namespace genzoo
