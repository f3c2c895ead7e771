// Image folders: which files, labels, splits, the conversion (crop, resize, alpha, channels), the cache.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>
#include <stb_image_write.h>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// A [h,w,c] uint8 image filled with one colour.
torch::Tensor solid(int64_t h, int64_t w, std::vector<int64_t> colour) {
  return torch::tensor(colour, torch::kUInt8).reshape({1, 1, -1}).expand({h, w, -1}).contiguous();
}

void write_png_image(const fs::path& path, const torch::Tensor& image) {
  fs::create_directories(path.parent_path());
  write_file_atomic(path, encode_png(image));
}

// Every file's path and modification time, as text.
std::vector<std::string> snapshot(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    files.push_back(e.path().string() + " " + std::to_string(e.last_write_time().time_since_epoch().count()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("Class subfolders are labels in sorted order; a flat folder has none", "[image-folder]") {
  test::TempDir dir;
  test::ScopedEnv cache("GENZOO_CACHE", (dir.path / "cache").c_str());
  for (int i = 0; i < 12; ++i) {
    write_png_image(dir.path / "pets" / "dog" / ("d" + std::to_string(i) + ".png"), solid(8, 8, {200, 10, 10}));
    write_png_image(dir.path / "pets" / "cat" / ("c" + std::to_string(i) + ".PNG"), solid(8, 8, {10, 10, 200}));
  }
  std::ofstream(dir.path / "pets" / "cat" / "README.txt") << "not an image, passed over";
  const auto train = load_image_folder(dir.path / "pets", Split::Train);
  CHECK(train.classes == std::vector<std::string>{"cat", "dog"});
  CHECK(train.labelled);
  REQUIRE(train.images.sizes() == torch::IntArrayRef({22, 3, 32, 32}));  // 2 of 24 held out
  CHECK(train.labels.eq(0).sum().item<int64_t>() == 11);
  CHECK(train.images[0][2].eq(200).all().item<bool>());  // a cat: blue
  const auto test = load_image_folder(dir.path / "pets", Split::Test);
  CHECK(test.size() == 2);
  CHECK(test.labels.equal(torch::tensor({0, 1}, torch::kInt64)));

  for (int i = 0; i < 3; ++i) write_png_image(dir.path / "flat" / (std::to_string(i) + ".png"), solid(8, 8, {9, 9, 9}));
  const auto flat = load_image_folder(dir.path / "flat", Split::Train);
  CHECK_FALSE(flat.labelled);
  CHECK(flat.classes.empty());
  CHECK(flat.images.size(1) == 1);  // no pixel has colour: one channel
}

TEST_CASE("train/ and test/ subfolders are the splits", "[image-folder]") {
  test::TempDir dir;
  test::ScopedEnv cache("GENZOO_CACHE", (dir.path / "cache").c_str());
  for (const char* split : {"train", "test"}) {
    for (const char* c : {"a", "b"}) write_png_image(dir.path / split / c / "x.png", solid(4, 4, {1, 2, 3}));
  }
  write_png_image(dir.path / "train" / "a" / "y.png", solid(4, 4, {1, 2, 3}));
  CHECK(load_image_folder(dir.path, Split::Train).size() == 3);
  CHECK(load_image_folder(dir.path, Split::Test).size() == 2);
}

TEST_CASE("Images are cut to their centre square, resized, composited over the background", "[image-folder]") {
  // 40 wide, 20 high: red margins of 10 pixels left and right, a green centre square.
  auto image = solid(20, 40, {255, 0, 0, 255});
  image.slice(1, 10, 30).copy_(solid(20, 20, {0, 255, 0, 255}));
  const auto green = decode_image(encode_png(image), "wide.png", ImageDecodeOptions().size(28));
  REQUIRE(green.sizes() == torch::IntArrayRef({3, 28, 28}));
  CHECK(green[1].eq(255).all().item<bool>());
  CHECK(green[0].eq(0).all().item<bool>());
  // Transparent pixels take the background; half-transparent ones blend.
  const auto clear = decode_image(encode_png(solid(8, 8, {255, 255, 255, 0})), "clear.png",
                                  ImageDecodeOptions().size(8).background(parse_hex_colour("#102030", "test")));
  CHECK(clear.select(1, 3).select(1, 3).equal(torch::tensor({16, 32, 48}, torch::kUInt8)));
  const auto half = decode_image(encode_png(solid(8, 8, {255, 0, 0, 128})), "half.png",
                                 ImageDecodeOptions().size(8).background({0, 0, 0}));
  CHECK(half[0][0][0].item<int>() == 128);
  // Smaller than the target: enlarged.
  CHECK(decode_image(encode_png(solid(4, 4, {5, 6, 7})), "small.png", ImageDecodeOptions().size(64)).size(2) == 64);
  CHECK_THROWS_WITH(parse_hex_colour("white", "background"), Contains("background") && Contains("#rrggbb"));
}

TEST_CASE("Channels: gray, RGB and RGBA files mix; 1 or 3 as asked, else 3 when any pixel has colour",
          "[image-folder]") {
  test::TempDir dir;
  test::ScopedEnv cache("GENZOO_CACHE", (dir.path / "cache").c_str());
  write_png_image(dir.path / "mix" / "gray.png", solid(8, 8, {100}));
  write_png_image(dir.path / "mix" / "rgb.png", solid(8, 8, {100, 100, 100}));
  write_png_image(dir.path / "mix" / "rgba.png", solid(8, 8, {100, 100, 100, 255}));
  CHECK(load_image_folder(dir.path / "mix", Split::Train).images.size(1) == 1);
  write_png_image(dir.path / "mix" / "red.png", solid(8, 8, {250, 0, 0}));
  const auto colour = load_image_folder(dir.path / "mix", Split::Train);
  CHECK(colour.images.size(1) == 3);
  const auto gray = load_image_folder(dir.path / "mix", Split::Train, ImageFolderOptions().channels(1));
  REQUIRE(gray.images.size(1) == 1);
  CHECK(gray.images[0].eq(100).all().item<bool>());                       // gray.png keeps its value
  CHECK(gray.images[1].eq(75).all().item<bool>());  // red.png, sorted second: 0.299 * 250 = 74.75
}

TEST_CASE("The decoded folder is cached outside it; a changed file or a broken cache is rebuilt", "[image-folder]") {
  test::TempDir dir;
  test::ScopedEnv cache("GENZOO_CACHE", (dir.path / "cache").c_str());
  write_png_image(dir.path / "f" / "a.png", solid(8, 8, {10, 20, 30}));
  write_png_image(dir.path / "f" / "b.png", solid(8, 8, {10, 20, 30}));
  const auto before = snapshot(dir.path / "f");
  CHECK(load_image_folder(dir.path / "f", Split::Train).size() == 2);
  CHECK(snapshot(dir.path / "f") == before);  // nothing written into the folder
  std::vector<fs::path> cached;
  for (const auto& e : fs::directory_iterator(dir.path / "cache" / "image-folders")) cached.push_back(e.path());
  REQUIRE(cached.size() == 3);  // images, labels, info
  CHECK(load_image_folder(dir.path / "f", Split::Train).images[0][0][0][0].item<int>() == 10);

  write_png_image(dir.path / "f" / "a.png", solid(16, 16, {90, 20, 30}));  // new size and time: a new key
  CHECK(load_image_folder(dir.path / "f", Split::Train).images[0][0][0][0].item<int>() == 90);

  for (const auto& e : fs::directory_iterator(dir.path / "cache" / "image-folders")) {
    std::ofstream(e.path(), std::ios::trunc) << "garbage";
  }
  CHECK(load_image_folder(dir.path / "f", Split::Train).images[0][0][0][0].item<int>() == 90);
}

TEST_CASE("An image folder trains a 32-px colour model that samples, resumes, exports and checks shapes",
          "[image-folder]") {
  test::TempDir dir;
  test::ScopedEnv cache("GENZOO_CACHE", (dir.path / "cache").c_str());
  for (int i = 0; i < 40; ++i) {  // 20 a class: 2 of each held out
    write_png_image(dir.path / "pics" / (i % 2 ? "red" : "blue") / (std::to_string(i) + ".png"),
                    solid(12, 16, {i % 2 ? 220 : 20, 40 + i, i % 2 ? 20 : 220, 255}));
  }
  auto r = test::run_cli("train gan --data-dir pics --steps 2 --batch-size 8 --threads 1 --out run", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto model = load(dir.path / "run");
  CHECK(model->image_shape() == ImageShape{3, 32, 32});
  CHECK(model->sample(4, 0).sizes() == torch::IntArrayRef({4, 3, 32, 32}));
  CHECK(test::png_size(dir.path / "run" / "samples.png").channels == 3);
  r = test::run_cli("train --resume run --steps 4", dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  r = test::run_cli("export run --out gan.safetensors", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(load(dir.path / "gan.safetensors")->image_shape() == ImageShape{3, 32, 32});
  r = test::run_cli("sample run --n 4 --out s.png", dir.path);
  CHECK(test::png_size(dir.path / "s.png").channels == 3);
  // A classifier of the folder's classes at the model's shape scores its samples beside the floor of real images.
  r = test::run_cli("train-classifier --data-dir pics --epochs 1 --out clf.pt", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(load_classifier(dir.path / "clf.pt")->options.image_shape() == ImageShape{3, 32, 32});
  CHECK(load_classifier(dir.path / "clf.pt")->options.classes() == 2);
  r = test::run_cli("eval run --classifier clf.pt --n 16 --json", dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("\"fld_lenet\""));
  r = test::run_cli("sample run --n 8 --format idx --out s.idx", dir.path);
  CHECK(read_idx_images(dir.path / "s.idx").sizes() == torch::IntArrayRef({8, 3, 32, 32}));
  // An unlabelled folder has no classes to score with, and says so.
  for (int i = 0; i < 4; ++i) write_png_image(dir.path / "flat" / (std::to_string(i) + ".png"), solid(8, 8, {1, 2, 3}));
  r = test::run_cli("train-classifier --data-dir flat --epochs 1 --out flat.pt", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("without class folders has no labels"));
  // The same model on 28x28 grayscale data: one line naming both shapes.
  test::write_tiny_dataset(dir.path / "tiny", 32, 8);
  CHECK_THROWS_WITH(model_dataset(open_model(dir.path / "run"), Split::Test, "", dir.path / "tiny"),
                    Contains("1x28x28") && Contains("3x32x32"));
  r = test::run_cli("train gan --data-dir tiny --set model_options.image_size=64 --steps 1 --out run2", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("1x64x64") && Contains("1x28x28"));
}

TEST_CASE("The background a run trained over travels with its checkpoint and export to the data it is scored on",
          "[image-folder]") {
  test::TempDir dir;
  test::ScopedEnv cache("GENZOO_CACHE", (dir.path / "cache").c_str());
  for (int i = 0; i < 20; ++i) {  // fully transparent: each pixel is the background
    write_png_image(dir.path / "clear" / "a" / (std::to_string(i) + ".png"), solid(8, 8, {200, 10, 10, 0}));
  }
  auto r = test::run_cli("train vae --data-dir clear --channels 3 --background '#00ff00' --steps 1 --batch-size 4 "
                         "--threads 1 --out run",
                         dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("export run --out vae.safetensors", dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK(read_safetensors(dir.path / "vae.safetensors").metadata["genzoo.background"] == "#00ff00");
  for (const auto* source : {"run", "vae.safetensors"}) {
    CAPTURE(source);
    const auto opened = open_model(dir.path / source);
    CHECK(opened.background == "#00ff00");
    const auto test = model_dataset(opened, Split::Test, "", dir.path / "clear");
    CHECK(torch::equal(test.images[0][1], torch::full({32, 32}, 255, torch::kUInt8)));  // green, not white
    CHECK(test.images[0][0].max().item<int>() == 0);
  }
  r = test::run_cli("eval --samples x --data-dir clear --data clear --background green", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("--background") && Contains("\"#rrggbb\"") && Contains("green"));
}

TEST_CASE("CLI: convert writes a folder as IDX files that load back equal, never into the folder",
          "[image-folder][cli]") {
  test::TempDir dir;
  test::ScopedEnv cache("GENZOO_CACHE", (dir.path / "cache").c_str());
  for (int i = 0; i < 20; ++i) {
    write_png_image(dir.path / "pics" / (i % 2 ? "b" : "a") / (std::to_string(i) + ".png"),
                    solid(6, 9, {10 * i, 100, 200 - i, 255}));
  }
  const auto before = snapshot(dir.path / "pics");
  auto r = test::run_cli("convert pics --data-dir pics --image-size 28 --out idx", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto folder = ImageFolderOptions().image_size(28).cache_dir(dir.path / "cache");
  for (const auto split : {Split::Train, Split::Test}) {
    const auto idx = load_idx_dataset(dir.path / "idx", split);
    const auto pics = load_image_folder(dir.path / "pics", split, folder);
    CHECK(idx.images.sizes() == torch::IntArrayRef({split == Split::Train ? 18 : 2, 3, 28, 28}));
    CHECK(torch::equal(idx.images, pics.images));
    CHECK(torch::equal(idx.labels, pics.labels));
  }
  r = test::run_cli("convert pics --data-dir pics --out pics/a/idx", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("--out") && Contains("outside the data"));
  test::write_tiny_dataset(dir.path / "tiny", 16, 8);
  r = test::run_cli("convert mnist --data-dir tiny --out tiny", dir.path);
  CHECK(r.exit_code != 0);
  CHECK(snapshot(dir.path / "pics") == before);
  CHECK(load_dataset("mnist", Split::Train, dir.path / "tiny").size() == 16);
}
