#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>
#include <stb_image.h>

#include <memory>

using namespace genzoo;
using Catch::Matchers::Contains;

namespace {

struct Png {
  int width = 0, height = 0, channels = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> pixels{nullptr, stbi_image_free};
  int at(int x, int y) const { return pixels.get()[(y * width + x) * channels]; }
};

Png read_png(const std::filesystem::path& path) {
  Png png;
  png.pixels.reset(stbi_load(path.c_str(), &png.width, &png.height, &png.channels, 0));
  REQUIRE(png.pixels);
  return png;
}

}  // namespace

TEST_CASE("make_grid lays images out in rows with padding, like torchvision", "[grid]") {
  auto images = torch::zeros({5, 1, 2, 3});
  for (int64_t i = 0; i < 5; ++i) images[i].fill_(0.2 * i);
  auto grid = make_grid(images, GridOptions().nrow(3).padding(1).pad_value(1.0));
  // 2 rows of 3: H = 2*(2+1)+1 = 7, W = 3*(3+1)+1 = 13.
  REQUIRE(grid.sizes() == torch::IntArrayRef({7, 13, 1}));
  CHECK(grid[0][0][0].item<int>() == 255);  // padding
  CHECK(grid[1][1][0].item<int>() == 0);    // image 0
  CHECK(grid[1][5][0].item<int>() == 51);   // image 1: 0.2*255
  CHECK(grid[4][5][0].item<int>() == 204);  // image 4, second row: 0.8*255
  CHECK(grid[4][9][0].item<int>() == 255);  // the empty sixth cell keeps the pad value
}

TEST_CASE("make_grid maps a value range and upscales by an integer", "[grid]") {
  auto images = torch::tensor({-1.0f, 0.0f, 1.0f, 3.0f}).reshape({1, 1, 2, 2});
  auto grid = make_grid(images, GridOptions().padding(0).low(-1).high(1).scale(2));
  REQUIRE(grid.sizes() == torch::IntArrayRef({4, 4, 1}));
  CHECK(grid[0][0][0].item<int>() == 0);
  CHECK(grid[1][1][0].item<int>() == 0);
  CHECK(grid[0][2][0].item<int>() == 128);  // 0 in [-1,1] is mid grey
  CHECK(grid[3][3][0].item<int>() == 255);  // clamped
}

TEST_CASE("save_grid writes a PNG that stb_image reads back pixel for pixel", "[grid]") {
  test::TempDir dir;
  auto images = torch::zeros({4, 1, 28, 28});
  images[1].fill_(1.0);
  images[2][0][5][7] = 0.5;
  const auto path = dir.path / "sub" / "grid.png";
  save_grid(images, path, 2);
  auto png = read_png(path);
  CHECK(png.width == 2 * (28 + 2) + 2);
  CHECK(png.height == 2 * (28 + 2) + 2);
  CHECK(png.channels == 1);
  CHECK(png.at(2, 2) == 0);                  // image 0
  CHECK(png.at(32 + 10, 2 + 10) == 255);     // image 1
  CHECK(png.at(2 + 7, 32 + 5) == 128);       // image 2, the one grey pixel
  CHECK(png.at(0, 0) == 0);                  // default pad value
}

TEST_CASE("Grid errors name what was wrong", "[grid]") {
  test::TempDir dir;
  CHECK_THROWS_WITH(make_grid(torch::zeros({2, 28, 28})), Contains("expected images [N,1|3,H,W]"));
  CHECK_THROWS_WITH(make_grid(torch::zeros({1, 1, 2, 2}), GridOptions().nrow(0)), Contains("nrow"));
  const auto blocked = dir.path / "file";
  save_grid(torch::zeros({1, 1, 2, 2}), blocked, 1);
  CHECK_THROWS_WITH(write_png(blocked / "grid.png", torch::zeros({2, 2, 1}, torch::kUInt8)),
                    Contains((blocked / "grid.png").string()) || Contains(blocked.string()));
}
