#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>
#include <zlib.h>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string raw_idx(const fs::path& dir, const torch::Tensor& images) {
  write_idx_images(dir / "tmp-images", images);
  return read_bytes(dir / "tmp-images");
}

}  // namespace

TEST_CASE("IDX images and labels round-trip raw and gzip-compressed", "[idx]") {
  test::TempDir dir;
  torch::Tensor labels;
  auto images = test::tiny_images(13, &labels);
  const auto ext = GENERATE(std::string(""), std::string(".gz"));
  write_idx_images(dir.path / ("images" + ext), images);
  write_idx_labels(dir.path / ("labels" + ext), labels);

  auto images_back = read_idx_images(dir.path / ("images" + ext));
  auto labels_back = read_idx_labels(dir.path / ("labels" + ext));
  CHECK(images_back.sizes() == torch::IntArrayRef({13, 1, 28, 28}));
  CHECK(images_back.dtype() == torch::kUInt8);
  CHECK(torch::equal(images_back, images));
  CHECK(labels_back.dtype() == torch::kInt64);
  CHECK(torch::equal(labels_back, labels));
}

TEST_CASE("IDX sizes come from the header, not from MNIST's", "[idx]") {
  test::TempDir dir;
  auto images = torch::randint(0, 256, {3, 1, 5, 7}, torch::kUInt8);
  write_idx_images(dir.path / "odd.gz", images);
  auto back = read_idx_images(dir.path / "odd.gz");
  CHECK(back.sizes() == torch::IntArrayRef({3, 1, 5, 7}));
  CHECK(torch::equal(back, images));
}

TEST_CASE("The gzip file is really compressed, and the raw file is exactly the IDX layout", "[idx]") {
  test::TempDir dir;
  auto images = test::tiny_images(4);
  const auto raw = raw_idx(dir.path, images);
  REQUIRE(raw.size() == 16 + 4 * 28 * 28);
  CHECK(static_cast<unsigned char>(raw[2]) == 0x08);
  CHECK(static_cast<unsigned char>(raw[3]) == 0x03);
  CHECK(static_cast<unsigned char>(raw[7]) == 4);  // big-endian count
  write_idx_images(dir.path / "x.gz", images);
  const auto gz = read_bytes(dir.path / "x.gz");
  CHECK(static_cast<unsigned char>(gz[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(gz[1]) == 0x8b);
  CHECK(gz.size() < raw.size());
}

TEST_CASE("Bad IDX files are errors naming the file, the expectation and what was found", "[idx]") {
  test::TempDir dir;
  torch::Tensor labels;
  auto images = test::tiny_images(4, &labels);
  const auto raw = raw_idx(dir.path, images);
  const auto path = dir.path / "bad";

  SECTION("wrong magic: a label file read as images") {
    write_idx_labels(path, labels);
    CHECK_THROWS_WITH(read_idx_images(path),
                      Contains(path.string()) && Contains("wrong magic number") &&
                          Contains("expected 0x00000803 or 0x00000804, found 0x00000801"));
  }
  SECTION("truncated data") {
    write_bytes(path, raw.substr(0, raw.size() - 10));
    CHECK_THROWS_WITH(read_idx_images(path), Contains(path.string()) && Contains("truncated data") &&
                                                 Contains("header promises 3136 bytes, found 3126"));
  }
  SECTION("trailing data") {
    write_bytes(path, raw + "xyz");
    CHECK_THROWS_WITH(read_idx_images(path), Contains("trailing data") && Contains("found 3139"));
  }
  SECTION("truncated header") {
    write_bytes(path, raw.substr(0, 6));
    CHECK_THROWS_WITH(read_idx_images(path), Contains("truncated header: expected 16 bytes, found 6"));
  }
  SECTION("corrupt gzip stream") {
    write_idx_images(dir.path / "good.gz", images);
    auto gz = read_bytes(dir.path / "good.gz");
    for (size_t i = 20; i < gz.size() - 8; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
    write_bytes(dir.path / "bad.gz", gz);
    CHECK_THROWS_WITH(read_idx_images(dir.path / "bad.gz"),
                      Contains((dir.path / "bad.gz").string()) && Contains("corrupt gzip stream"));
  }
  SECTION("truncated gzip stream") {
    write_idx_images(dir.path / "good.gz", images);
    auto gz = read_bytes(dir.path / "good.gz");
    write_bytes(dir.path / "cut.gz", gz.substr(0, gz.size() / 2));
    CHECK_THROWS_WITH(read_idx_images(dir.path / "cut.gz"), Contains("cut.gz") && Contains("corrupt gzip stream"));
  }
  SECTION("missing file") {
    CHECK_THROWS_WITH(read_idx_labels(dir.path / "nope"), Contains("nope") && Contains("cannot open"));
  }
}

TEST_CASE("A gzip file of several members (cat a.gz b.gz) reads as their data joined", "[idx]") {
  test::TempDir dir;
  auto images = test::tiny_images(5);
  const auto raw = raw_idx(dir.path, images);
  write_idx_images(dir.path / "whole-idx3-ubyte.gz", images);
  const auto member = [&](const std::string& part, const char* name) {
    write_bytes(dir.path / "part", part);
    REQUIRE(test::run_command(std::string("gzip -c part > ") + name, dir.path).exit_code == 0);
    return read_bytes(dir.path / name);
  };
  write_bytes(dir.path / "joined.gz", member(raw.substr(0, 100), "a.gz") + member(raw.substr(100), "b.gz"));
  CHECK(torch::equal(read_idx_images(dir.path / "joined.gz"), images));
  write_bytes(dir.path / "junk.gz", member(raw, "c.gz") + "junk");
  CHECK_THROWS_WITH(read_idx_images(dir.path / "junk.gz"), Contains("junk.gz") && Contains("trailing data"));
}
