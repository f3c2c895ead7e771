#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("A dataset directory loads both splits into one uint8 tensor each", "[dataset]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path, 30, 10);
  auto train = load_dataset("tiny", Split::Train, dir.path);
  auto test_split = load_dataset("tiny", Split::Test, dir.path);
  CHECK(train.name == "tiny");
  CHECK(train.images.sizes() == torch::IntArrayRef({30, 1, 28, 28}));
  CHECK(train.images.dtype() == torch::kUInt8);
  CHECK(train.labels.sizes() == torch::IntArrayRef({30}));
  CHECK(test_split.size() == 10);
  CHECK(train.head(7).size() == 7);
  CHECK(train.head(0).size() == 30);
}

TEST_CASE("Image and label counts that differ are an error naming both files", "[dataset]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path, 30, 10);
  write_idx_labels(dir.path / "train-labels-idx1-ubyte.gz", torch::zeros({29}, torch::kInt64));
  CHECK_THROWS_WITH(load_dataset("tiny", Split::Train, dir.path),
                    Contains("train-labels-idx1-ubyte.gz") && Contains("label count 29") &&
                        Contains("image count 30") && Contains("train-images-idx3-ubyte.gz"));
}

TEST_CASE("Images of another size are refused where a model needs 28x28", "[dataset]") {
  test::TempDir dir;
  write_idx_images(dir.path / "train-images-idx3-ubyte", torch::zeros({4, 1, 32, 32}, torch::kUInt8));
  write_idx_labels(dir.path / "train-labels-idx1-ubyte", torch::zeros({4}, torch::kInt64));
  auto data = load_dataset("odd", Split::Train, dir.path);
  CHECK_THROWS_WITH(data.check_image_shape(1, 28, 28),
                    Contains("train-images-idx3-ubyte") && Contains("images are 1x32x32") &&
                        Contains("the model needs 1x28x28"));
}

TEST_CASE("A missing dataset lists where it looked and how to fetch it", "[dataset]") {
  test::TempDir dir;
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path);
  ::unsetenv("GENZOO_DATA");
  auto message = [] {
    try {
      load_dataset("mnist", Split::Train);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  }();
  fs::current_path(cwd);
  CHECK_THAT(message, Contains("dataset 'mnist'") && Contains("data/mnist") && Contains("genzoo fetch mnist"));
}

TEST_CASE("The search order is --data-dir, $GENZOO_DATA, ./data, then Debian's Fashion-MNIST", "[dataset]") {
  ::setenv("GENZOO_DATA", "/somewhere", 1);
  auto dirs = dataset_search_path("fashion-mnist");
  ::unsetenv("GENZOO_DATA");
  REQUIRE(dirs.size() == 3);
  CHECK(dirs[0] == fs::path("/somewhere/fashion-mnist"));
  CHECK(dirs[1] == fs::path("data/fashion-mnist"));
  CHECK(dirs[2] == fs::path("/usr/share/datasets/fashion-mnist"));
  CHECK(dataset_search_path("mnist", "/mine") == std::vector<fs::path>{"/mine"});
}

TEST_CASE("Debian's Fashion-MNIST loads with the sizes from its headers", "[dataset][real-data]") {
  auto train = load_dataset("fashion-mnist", Split::Train, test::fashion_mnist_dir());
  auto test_split = load_dataset("fashion-mnist", Split::Test, test::fashion_mnist_dir());
  CHECK(train.images.sizes() == torch::IntArrayRef({60000, 1, 28, 28}));
  CHECK(test_split.size() == 10000);
  CHECK(train.labels.min().item<int64_t>() == 0);
  CHECK(train.labels.max().item<int64_t>() == 9);
}

TEST_CASE("to_float maps uint8 to [0,1] or [-1,1]", "[dataset]") {
  auto u8 = torch::tensor({0, 255, 51}, torch::kUInt8);
  auto a = to_float(u8, PixelRange::ZeroOne);
  auto b = to_float(u8, PixelRange::MinusOneOne);
  CHECK(a.dtype() == torch::kFloat32);
  CHECK(a[1].item<float>() == Approx(1.0));
  CHECK(a[2].item<float>() == Approx(0.2));
  CHECK(b[0].item<float>() == Approx(-1.0));
  CHECK(b[1].item<float>() == Approx(1.0));
}

TEST_CASE("BatchSampler: each epoch is a seeded permutation, replayable at any step", "[dataset]") {
  BatchSampler sampler(10, 3, 42);
  CHECK(sampler.steps_per_epoch() == 3);  // the last short batch is dropped
  std::set<int64_t> seen;
  for (int64_t i = 0; i < 3; ++i) {
    auto idx = sampler.indices(0, i);
    REQUIRE(idx.size(0) == 3);
    for (int64_t k = 0; k < 3; ++k) seen.insert(idx[k].item<int64_t>());
  }
  CHECK(seen.size() == 9);  // no repeats within an epoch
  BatchSampler again(10, 3, 42);
  CHECK(torch::equal(again.indices(1, 2), sampler.indices(1, 2)));
  CHECK_FALSE(torch::equal(sampler.indices(0, 0), sampler.indices(1, 0)));
  BatchSampler other_seed(10, 3, 43);
  CHECK_FALSE(torch::equal(other_seed.indices(0, 0), BatchSampler(10, 3, 42).indices(0, 0)));
  BatchSampler small(2, 128, 0);
  CHECK(small.steps_per_epoch() == 1);
  CHECK(small.indices(0, 0).size(0) == 2);
}
