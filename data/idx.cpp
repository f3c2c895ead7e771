#include "data/idx.h"

#include "core/error.h"
#include "core/files.h"
#include "core/text.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <vector>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

// Reads a raw file, or the gzip stream in it, in order; the header is checked before the payload is read, so a
// "bomb" is refused by its declared size, not by running out of memory.
class ByteSource {
 public:
  explicit ByteSource(const fs::path& path) : path_(path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw Error(path.string() + ": cannot open (no such file)");
    if (!fs::is_regular_file(status)) throw Error(path.string() + ": cannot open (not a regular file)");
    file_.open(path, std::ios::binary);
    if (!file_) throw Error(path.string() + ": cannot open (" + std::strerror(errno) + ")");
    unsigned char magic[2] = {0, 0};
    file_.read(reinterpret_cast<char*>(magic), 2);
    gzip_ = file_.gcount() == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    file_.clear();
    file_.seekg(0);
    if (gzip_ && inflateInit2(&z_, 15 + 16) != Z_OK) throw Error(path.string() + ": cannot start gzip decoding");
  }
  ~ByteSource() {
    if (gzip_) inflateEnd(&z_);
  }

  /// Reads up to n bytes; fewer only at the end of the data.
  size_t read(uint8_t* out, size_t n) {
    if (!gzip_) {
      file_.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
      if (file_.bad()) throw Error(path_.string() + ": read failed");
      return static_cast<size_t>(file_.gcount());
    }
    size_t done = 0;
    while (done < n && !stream_end_) {
      if (z_.avail_in == 0) fill();
      z_.next_out = out + done;
      z_.avail_out = static_cast<uInt>(std::min<size_t>(n - done, 1u << 30));
      const int rc = inflate(&z_, Z_NO_FLUSH);
      done = static_cast<size_t>(z_.next_out - out);
      if (rc == Z_STREAM_END) {
        stream_end_ = !next_member();
      } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && z_.avail_in == 0 && !input_end_)) {
        throw Error(path_.string() + ": corrupt gzip stream (" + (z_.msg ? z_.msg : "inflate failed") + ")");
      } else if (z_.avail_in == 0 && input_end_ && done < n) {
        throw Error(path_.string() + ": corrupt gzip stream (unexpected end of file)");
      }
    }
    return done;
  }

  /// Bytes left after the payload (counted up to `cap`); for gzip also anything after the compressed stream.
  uint64_t remaining(uint64_t cap) {
    std::vector<uint8_t> chunk(1 << 16);
    uint64_t left = 0;
    for (size_t n; left < cap && (n = read(chunk.data(), chunk.size())) > 0;) left += n;
    if (gzip_ && stream_end_ && (z_.avail_in > 0 || file_.peek() != std::char_traits<char>::eof())) {
      throw Error(path_.string() + ": trailing data after the gzip stream");
    }
    return left;
  }

 private:
  // A gzip file may hold several members one after another (`cat a.gz b.gz`, RFC 1952): their data is one stream.
  bool next_member() {
    if (z_.avail_in == 0 && !input_end_) fill();
    if (z_.avail_in < 2 || z_.next_in[0] != 0x1f || z_.next_in[1] != 0x8b) return false;  // end, or trailing data
    if (inflateReset(&z_) != Z_OK) throw Error(path_.string() + ": cannot continue gzip decoding");
    return true;
  }

  void fill() {
    file_.read(reinterpret_cast<char*>(in_), sizeof in_);
    if (file_.bad()) throw Error(path_.string() + ": read failed");
    z_.next_in = in_;
    z_.avail_in = static_cast<uInt>(file_.gcount());
    input_end_ = file_.eof();
  }

  fs::path path_;
  std::ifstream file_;
  bool gzip_ = false, stream_end_ = false, input_end_ = false;
  z_stream z_{};
  uint8_t in_[1 << 16];
};

uint32_t big_endian_u32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

// Reads an IDX file of `magic`'s type into a uint8 tensor of the header's shape, after checking the declared size
// against `max_bytes` with overflow-checked arithmetic.
torch::Tensor read_idx_checked(const fs::path& path, const std::vector<uint32_t>& magics, const char* kind,
                               uint64_t max_bytes) {
  ByteSource source(path);
  std::vector<uint8_t> header(4);
  size_t got = source.read(header.data(), 4);
  const uint32_t magic = got == 4 ? big_endian_u32(header.data()) : 0;
  if (got == 4 && std::find(magics.begin(), magics.end(), magic) == magics.end()) {
    throw Error(path.string() + ": wrong magic number for an IDX " + kind + " file: expected " +
                join(magics, [](uint32_t m) { return hex(m); }, " or ") + ", found " + hex(magic));
  }
  const size_t ndim = got == 4 ? (magic & 0xFF) : (magics.front() & 0xFF);
  const size_t header_size = 4 + 4 * ndim;
  header.resize(header_size);
  if (got == 4) got += source.read(header.data() + 4, header_size - 4);
  if (got < header_size) {
    throw Error(path.string() + ": truncated header: expected " + std::to_string(header_size) + " bytes, found " +
                std::to_string(got));
  }
  std::vector<int64_t> dims;
  // The byte count, and the product of the non-zero sizes: an empty file may not declare an image of 4e9 x 2e9
  // pixels either (the tensor's strides would overflow).
  uint64_t expected = 1, extent = 1;
  std::string shape;
  for (size_t d = 0; d < ndim; ++d) {
    const uint32_t size = big_endian_u32(header.data() + 4 + 4 * d);
    dims.push_back(size);
    shape += (d ? " x " : "") + std::to_string(size);
    if (size != 0 && extent > std::numeric_limits<uint64_t>::max() / size) {
      throw Error(path.string() + ": header declares a size that overflows 64 bits (" + shape + ")");
    }
    extent *= std::max<uint32_t>(size, 1);
    expected *= size;
  }
  if (expected > max_bytes || extent > max_bytes) {
    throw Error(path.string() + ": header declares " + shape + " = " + std::to_string(expected) +
                " bytes of data, above the limit of " + std::to_string(max_bytes) +
                " (raise it with GENZOO_IDX_MAX_BYTES)");
  }
  auto tensor = torch::empty(dims, torch::kUInt8);
  const size_t found = source.read(tensor.data_ptr<uint8_t>(), expected);
  if (found < expected) {
    throw Error(path.string() + ": truncated data: header promises " + std::to_string(expected) + " bytes, found " +
                std::to_string(found));
  }
  if (const uint64_t extra = source.remaining(uint64_t{1} << 26); extra > 0) {
    throw Error(path.string() + ": trailing data: header promises " + std::to_string(expected) + " bytes, found " +
                (extra >= (uint64_t{1} << 26) ? "more than " : "") + std::to_string(expected + extra));
  }
  return tensor;
}

torch::Tensor read_idx(const fs::path& path, const std::vector<uint32_t>& magics, const char* kind,
                       uint64_t max_bytes) {
  return naming_source(path.string(), [&] { return read_idx_checked(path, magics, kind, max_bytes); });
}

void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(uint8_t(v >> shift)));
}

std::string gzip(const std::string& bytes, const fs::path& path) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw Error(path.string() + ": cannot start gzip encoding");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw Error(path.string() + ": gzip encoding failed");
  return out;
}

void write_idx(const fs::path& path, uint32_t magic, const torch::Tensor& data) {
  auto contiguous = data.to(torch::kUInt8).contiguous().cpu();
  std::string bytes;
  put_u32(bytes, magic);
  for (auto size : contiguous.sizes()) put_u32(bytes, static_cast<uint32_t>(size));
  bytes.append(reinterpret_cast<const char*>(contiguous.data_ptr<uint8_t>()), static_cast<size_t>(contiguous.numel()));
  write_file_atomic(path, path.extension() == ".gz" ? gzip(bytes, path) : bytes);
}

}  // namespace

uint64_t idx_max_bytes() {
  if (const char* env = std::getenv("GENZOO_IDX_MAX_BYTES"); env && *env) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(env, &end, 10);
    // strtoull wraps "-1" and saturates on overflow: refuse both, and any limit above kIdxMaxBytesLimit.
    if (*end != '\0' || value == 0 || errno == ERANGE || env[0] == '-' || env[0] == '+' ||
        value > kIdxMaxBytesLimit) {
      throw Error(std::string("GENZOO_IDX_MAX_BYTES: expected a number of bytes from 1 to ") +
                  std::to_string(kIdxMaxBytesLimit) + ", found '" + printable(env) + "'");
    }
    return value;
  }
  return kIdxDefaultMaxBytes;
}

torch::Tensor read_idx_images(const fs::path& path, uint64_t max_bytes) {
  auto t = read_idx(path, {kIdxImagesMagic, kIdxColourImagesMagic}, "image", max_bytes);  // [N,H,W] or [N,C,H,W]
  return t.dim() == 4 ? t : t.reshape({t.size(0), 1, t.size(1), t.size(2)});
}

torch::Tensor read_idx_labels(const fs::path& path, uint64_t max_bytes) {
  return read_idx(path, {kIdxLabelsMagic}, "label", max_bytes).to(torch::kInt64);
}

void write_idx_images(const fs::path& path, const torch::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 || images.dim() == 3, "write_idx_images: expected [N,C,H,W] or [N,H,W]");
  if (images.dim() == 4 && images.size(1) != 1) return write_idx(path, kIdxColourImagesMagic, images);
  auto squeezed = images.dim() == 4 ? images.reshape({images.size(0), images.size(2), images.size(3)}) : images;
  write_idx(path, kIdxImagesMagic, squeezed);
}

void write_idx_labels(const fs::path& path, const torch::Tensor& labels) {
  write_idx(path, kIdxLabelsMagic, labels.reshape({-1}));
}

}  // namespace genzoo
