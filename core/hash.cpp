#include "core/hash.h"

#include "core/error.h"

#include <nettle/sha2.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace genzoo {
namespace {

std::string hex_digest(sha256_ctx& ctx) {
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof digest, digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace

std::string sha256_hex(const std::string& bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()));
  return hex_digest(ctx);
}

std::string sha256_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot open (" + std::strerror(errno) + ")");
  sha256_ctx ctx;
  sha256_init(&ctx);
  std::vector<char> chunk(1 << 20);
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    sha256_update(&ctx, static_cast<size_t>(in.gcount()), reinterpret_cast<const uint8_t*>(chunk.data()));
  }
  if (in.bad()) throw Error(path.string() + ": read failed");
  return hex_digest(ctx);
}

void verify_sha256(const std::filesystem::path& path, const std::string& expected, const std::string& listed_in) {
  const auto actual = sha256_file(path);
  if (actual != expected) {
    throw Error(path.string() + ": SHA-256 mismatch: expected " + expected + " (" + listed_in + "), found " + actual);
  }
}

}  // namespace genzoo
