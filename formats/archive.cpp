#include "formats/archive.h"

#include "core/error.h"
#include "core/files.h"
#include "core/hash.h"
#include "core/json.h"
#include "formats/tensor_records.h"

#include <torch/torch.h>

#include <sstream>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

// A genzoo archive file: this magic, the SHA-256 (hex) of the rest, then LibTorch's zip archive. Files that are a
// bare zip (written before the checksum existed) still load, unchecked.
const std::string kMagic = "GENZOO-ARCHIVE-1\n";
constexpr size_t kDigestHex = 64;

}  // namespace

torch::serialize::InputArchive open_archive(const fs::path& path) {
  if (!fs::exists(path)) throw Error(path.string() + ": no such file");
  std::string bytes;
  try {
    bytes = read_file(path);
  } catch (const std::bad_alloc&) {
    throw Error(path.string() + ": out of memory reading " + std::to_string(fs::file_size(path)) + " bytes");
  }
  return archive_from_bytes(bytes, path.string());
}

torch::serialize::InputArchive archive_from_bytes(const std::string& bytes, const std::string& source) {
  size_t offset = 0;
  if (bytes.compare(0, kMagic.size(), kMagic) == 0) {
    if (bytes.size() < kMagic.size() + kDigestHex) throw Error(source + ": truncated genzoo archive header");
    offset = kMagic.size() + kDigestHex;
    const std::string expected = bytes.substr(kMagic.size(), kDigestHex);
    const std::string actual = sha256_hex(bytes.substr(offset));
    if (actual != expected) {
      throw Error(source + ": corrupt: the SHA-256 of its contents is " + actual + ", the file records " + expected);
    }
  } else if (bytes.compare(0, 2, "PK") != 0) {
    throw Error(source + ": not a readable checkpoint (neither a genzoo archive nor a zip file)");
  }
  torch::serialize::InputArchive archive;
  load_checked(archive, bytes.data() + offset, bytes.size() - offset, source);
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
  auto parsed = parse_json(meta.toStringRef(), source + ": genzoo_meta");
  if (!parsed.is_object()) throw Error(source + ": genzoo_meta: expected a JSON object");
  return parsed;
}

std::string archive_bytes(torch::serialize::OutputArchive& archive, const std::string& source) {
  std::ostringstream bytes;
  try {
    archive.save_to(bytes);
  } catch (const c10::Error& e) {
    throw Error(source + ": cannot serialise (" + e.what_without_backtrace() + ")");
  }
  const std::string payload = bytes.str();
  return kMagic + sha256_hex(payload) + payload;
}

void save_archive(torch::serialize::OutputArchive& archive, const fs::path& path) {
  write_file_atomic(path, archive_bytes(archive, path.string()));
}

}  // namespace genzoo
