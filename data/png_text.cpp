#include "data/png_text.h"

#include "core/error.h"
#include "core/files.h"
#include "core/text.h"

#include <zlib.h>

#include <set>

namespace genzoo {
namespace {

constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
constexpr size_t kSignatureBytes = 8;
constexpr uint32_t kMaxChunkLength = 0x7fffffff;  // the standard's bound on a chunk's length

uint32_t read_u32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(bytes[at + i]);
  return v;
}

void append_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint32_t crc_of(const std::string& bytes, size_t at, size_t n) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(bytes.data() + at), static_cast<uInt>(n)));
}

bool printable_ascii(const std::string& s) {
  for (const char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool valid_keyword(const std::string& k) {
  return !k.empty() && k.size() <= kMaxPngKeywordBytes && printable_ascii(k) && k.front() != ' ' &&
         k.back() != ' ' && k.find("  ") == std::string::npos;
}

std::string text_chunk(const std::string& keyword, const std::string& text) {
  if (!valid_keyword(keyword)) {
    throw Error("png text: keyword \"" + printable(keyword) + "\": expected 1 to 79 printable ASCII characters");
  }
  if (text.size() > kMaxPngTextBytes || !printable_ascii(text)) {
    throw Error("png text: " + keyword + ": expected printable ASCII of at most " + std::to_string(kMaxPngTextBytes) +
                " bytes, found " + std::to_string(text.size()) + " bytes");
  }
  std::string chunk;
  append_u32(chunk, static_cast<uint32_t>(keyword.size() + 1 + text.size()));
  chunk += "tEXt" + keyword + '\0' + text;
  append_u32(chunk, crc_of(chunk, 4, chunk.size() - 4));
  return chunk;
}

// The end of the header chunk, which must come first (13 bytes of data).
size_t header_end(const std::string& png, const std::string& source) {
  if (png.size() < kSignatureBytes || png.compare(0, kSignatureBytes, kSignature, kSignatureBytes) != 0) {
    throw Error(source + ": expected a PNG file (its 8-byte signature), found other bytes");
  }
  if (png.size() < kSignatureBytes + 8 + 13 + 4 || png.compare(kSignatureBytes + 4, 4, "IHDR") != 0 ||
      read_u32(png, kSignatureBytes) != 13) {
    throw Error(source + ": expected the IHDR chunk of 13 bytes first, found none");
  }
  return kSignatureBytes + 8 + 13 + 4;
}

}  // namespace

std::string add_png_text(const std::string& png, const PngText& text) {
  if (text.size() > kMaxPngTextChunks) {
    throw Error("png text: expected at most " + std::to_string(kMaxPngTextChunks) + " entries, found " +
                std::to_string(text.size()));
  }
  const size_t at = header_end(png, "png text");
  std::string chunks;
  for (const auto& [keyword, value] : text) chunks += text_chunk(keyword, value);
  return png.substr(0, at) + chunks + png.substr(at);
}

PngText parse_png_text(const std::string& bytes, const std::string& source) {
  size_t at = header_end(bytes, source);
  PngText text;
  while (true) {
    if (bytes.size() - at < 12) throw Error(source + ": a chunk runs past the end of the file (no IEND chunk)");
    const uint32_t length = read_u32(bytes, at);
    const std::string type = bytes.substr(at + 4, 4);
    if (length > kMaxChunkLength || length > bytes.size() - at - 12) {
      throw Error(source + ": chunk '" + printable(type) + "' at byte " + std::to_string(at) + ": its length " +
                  std::to_string(length) + " runs past the end of the file");
    }
    if (type == "IEND") return text;
    if (type == "tEXt") {
      const std::string data = bytes.substr(at + 8, length);
      if (read_u32(bytes, at + 8 + length) != crc_of(bytes, at + 4, length + 4)) {
        throw Error(source + ": tEXt chunk at byte " + std::to_string(at) + ": CRC mismatch");
      }
      const size_t nul = data.find('\0');
      const std::string keyword = data.substr(0, nul);
      if (nul == std::string::npos || nul == 0 || nul > kMaxPngKeywordBytes ||
          data.size() - nul - 1 > kMaxPngTextBytes) {
        throw Error(source + ": tEXt chunk at byte " + std::to_string(at) + ": expected a keyword of 1 to 79 bytes and "
                    "a text of at most " + std::to_string(kMaxPngTextBytes) + " bytes, found " +
                    std::to_string(data.size()) + " bytes");
      }
      if (text.size() == kMaxPngTextChunks) {
        throw Error(source + ": expected at most " + std::to_string(kMaxPngTextChunks) + " tEXt chunks, found more");
      }
      if (!text.emplace(keyword, data.substr(nul + 1)).second) {
        throw Error(source + ": tEXt keyword '" + printable(keyword) + "' appears twice");
      }
    }
    at += 12 + static_cast<size_t>(length);
  }
}

PngText read_png_text(const std::filesystem::path& file) {
  return parse_png_text(read_file(file, kMaxPngFileBytes), file.string());
}

}  // namespace genzoo
