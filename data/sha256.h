#pragma once
/// SHA-256 (FIPS 180-4) of a byte string or a file, as lowercase hex.
///
///   std::string digest = genzoo::sha256_file("train-images-idx3-ubyte.gz");
#include <filesystem>
#include <string>

namespace genzoo {

std::string sha256_hex(const std::string& bytes);
std::string sha256_file(const std::filesystem::path& path);

}  // namespace genzoo
