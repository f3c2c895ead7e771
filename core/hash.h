#pragma once
/// SHA-256 (FIPS 180-4, computed by nettle) of a byte string or a file, as lowercase hex.
///
///   std::string digest = genzoo::sha256_file("train-images-idx3-ubyte.gz");
///   genzoo::verify_sha256("weights/gan.mnist.safetensors", expected, "weights/manifest.json");
#include <filesystem>
#include <string>

namespace genzoo {

std::string sha256_hex(const std::string& bytes);
/// An unreadable file is an error naming it.
std::string sha256_file(const std::filesystem::path& path);
/// Throws unless the file's SHA-256 is `expected`, naming the file, `listed_in` and both digests.
void verify_sha256(const std::filesystem::path& path, const std::string& expected, const std::string& listed_in);

}  // namespace genzoo
