#include "data/idx.h"

#include "core/error.h"

#include <zlib.h>

#include <cstring>
#include <memory>
#include <vector>

namespace genzoo {
namespace {

// zlib reads raw files transparently, so one path serves .gz and uncompressed IDX.
std::vector<uint8_t> read_all(const std::filesystem::path& path) {
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (!file) {
    throw Error(path.string() + ": cannot open (" + std::strerror(errno) + ")");
  }
  std::vector<uint8_t> bytes;
  std::vector<uint8_t> chunk(1 << 20);
  while (true) {
    int n = gzread(file.get(), chunk.data(), static_cast<unsigned>(chunk.size()));
    if (n < 0) {
      int code = 0;
      const char* message = gzerror(file.get(), &code);
      throw Error(path.string() + ": corrupt gzip stream (" + message + ")");
    }
    if (n == 0) break;
    bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + n);
  }
  int code = 0;
  const char* message = gzerror(file.get(), &code);
  if (code != Z_OK && code != Z_STREAM_END) {
    throw Error(path.string() + ": corrupt gzip stream (" + message + ")");
  }
  return bytes;
}

uint32_t big_endian_u32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

struct IdxFile {
  std::vector<uint8_t> bytes;
  std::vector<int64_t> dims;
  size_t data_offset = 0;
};

IdxFile read_idx(const std::filesystem::path& path, uint32_t magic, const char* kind) {
  IdxFile idx;
  idx.bytes = read_all(path);
  const size_t ndim = magic & 0xFF;
  const size_t header = 4 + 4 * ndim;
  if (idx.bytes.size() >= 4 && big_endian_u32(idx.bytes.data()) != magic) {
    throw Error(path.string() + ": wrong magic number for an IDX " + kind + " file: expected " +
                hex(magic) + ", found " + hex(big_endian_u32(idx.bytes.data())));
  }
  if (idx.bytes.size() < header) {
    throw Error(path.string() + ": truncated header: expected " + std::to_string(header) +
                " bytes, found " + std::to_string(idx.bytes.size()));
  }
  size_t expected = 1;
  for (size_t d = 0; d < ndim; ++d) {
    uint32_t size = big_endian_u32(idx.bytes.data() + 4 + 4 * d);
    idx.dims.push_back(size);
    expected *= size;
  }
  idx.data_offset = header;
  const size_t found_data = idx.bytes.size() - header;
  if (found_data != expected) {
    throw Error(path.string() + ": " + (found_data < expected ? "truncated data" : "trailing data") +
                ": header promises " + std::to_string(expected) + " bytes, found " +
                std::to_string(found_data));
  }
  return idx;
}

torch::Tensor to_tensor(const IdxFile& idx, std::vector<int64_t> shape) {
  auto tensor = torch::empty(shape, torch::kUInt8);
  std::memcpy(tensor.data_ptr<uint8_t>(), idx.bytes.data() + idx.data_offset,
              idx.bytes.size() - idx.data_offset);
  return tensor;
}

void write_all(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  const bool gz = path.extension() == ".gz";
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), gz ? "wb6" : "wbT"),
                                                  gzclose);
  if (!file) throw Error(path.string() + ": cannot open for writing (" + std::strerror(errno) + ")");
  if (gzwrite(file.get(), bytes.data(), static_cast<unsigned>(bytes.size())) !=
      static_cast<int>(bytes.size())) {
    throw Error(path.string() + ": write failed");
  }
  if (gzclose(file.release()) != Z_OK) throw Error(path.string() + ": write failed on close");
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}

void write_idx(const std::filesystem::path& path, uint32_t magic, const torch::Tensor& data) {
  auto contiguous = data.to(torch::kUInt8).contiguous().cpu();
  std::vector<uint8_t> bytes;
  put_u32(bytes, magic);
  for (auto size : contiguous.sizes()) put_u32(bytes, static_cast<uint32_t>(size));
  const auto* p = contiguous.data_ptr<uint8_t>();
  bytes.insert(bytes.end(), p, p + contiguous.numel());
  write_all(path, bytes);
}

}  // namespace

torch::Tensor read_idx_images(const std::filesystem::path& path) {
  auto idx = read_idx(path, kIdxImagesMagic, "image");
  return to_tensor(idx, {idx.dims[0], 1, idx.dims[1], idx.dims[2]});
}

torch::Tensor read_idx_labels(const std::filesystem::path& path) {
  auto idx = read_idx(path, kIdxLabelsMagic, "label");
  return to_tensor(idx, {idx.dims[0]}).to(torch::kInt64);
}

void write_idx_images(const std::filesystem::path& path, const torch::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 || images.dim() == 3, "write_idx_images: expected [N,1,H,W]");
  auto squeezed = images.dim() == 4 ? images.reshape({images.size(0), images.size(2), images.size(3)})
                                    : images;
  write_idx(path, kIdxImagesMagic, squeezed);
}

void write_idx_labels(const std::filesystem::path& path, const torch::Tensor& labels) {
  write_idx(path, kIdxLabelsMagic, labels.reshape({-1}));
}

}  // namespace genzoo
