// Bad images in a folder: each is refused with one line naming the file, or with skip_bad left out and counted;
// the folder is never written to.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>
#include <stb_image_write.h>
#include <zlib.h>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string good_png() {
  return encode_png(torch::full({8, 8, 3}, 77, torch::kUInt8));
}

std::string jpeg_bytes() {
  std::string out;
  auto pixels = torch::full({16, 16, 3}, 120, torch::kUInt8);
  stbi_write_jpg_to_func([](void* c, void* d, int n) { static_cast<std::string*>(c)->append((char*)d, n); }, &out,
                         16, 16, 3, pixels.data_ptr<uint8_t>(), 90);
  return out;
}

void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

void chunk(std::string& png, const std::string& type, const std::string& data) {
  put_u32(png, static_cast<uint32_t>(data.size()));
  const std::string body = type + data;
  png += body;
  put_u32(png, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

// A PNG of the given header; with `pixels`, a 16-bit grayscale image of that many rows of 16-bit values.
std::string handmade_png(uint32_t width, uint32_t height, int bit_depth, int colour_type, uint16_t value = 0,
                         bool with_data = false) {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put_u32(ihdr, width);
  put_u32(ihdr, height);
  ihdr += {static_cast<char>(bit_depth), static_cast<char>(colour_type), 0, 0, 0};
  chunk(png, "IHDR", ihdr);
  if (with_data) {
    std::string raw;
    for (uint32_t y = 0; y < height; ++y) {
      raw.push_back(0);  // filter: none
      for (uint32_t x = 0; x < width; ++x) raw += {static_cast<char>(value >> 8), static_cast<char>(value & 0xFF)};
    }
    uLongf size = compressBound(raw.size());
    std::string packed(size, '\0');
    compress(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()), raw.size());
    packed.resize(size);
    chunk(png, "IDAT", packed);
  }
  chunk(png, "IEND", "");
  return png;
}

struct Folder {
  test::TempDir dir;
  test::ScopedEnv cache{"GENZOO_CACHE", nullptr};
  Folder() : cache("GENZOO_CACHE", (dir.path / "cache").c_str()) {
    fs::create_directories(dir.path / "f");
    for (int i = 0; i < 3; ++i) std::ofstream(dir.path / "f" / ("good" + std::to_string(i) + ".png")) << good_png();
  }
  void add(const std::string& name, const std::string& bytes) { std::ofstream(dir.path / "f" / name) << bytes; }
  fs::path path() const { return dir.path / "f"; }
};

}  // namespace

TEST_CASE("Each bad image is refused naming it, or skipped and counted with skip_bad", "[image-folder][hostile]") {
  const std::string png = good_png(), jpeg = jpeg_bytes();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"truncated.png", png.substr(0, png.size() / 2)},
      {"corrupt.jpg", jpeg.substr(0, 20) + std::string(200, '\x5a')},
      {"truncated.jpg", jpeg.substr(0, jpeg.size() / 3)},
      {"huge.png", handmade_png(100000, 100000, 8, 6)},
      {"big.png", handmade_png(5000, 5000, 8, 6)},
      {"empty.png", ""},
      {"text.png", "this is not an image\n"},
  };
  for (const auto& [name, bytes] : cases) {
    INFO(name);
    Folder folder;
    folder.add(name, bytes);
    CHECK_THROWS_WITH(load_image_folder(folder.path(), Split::Train), Contains(name));
    const auto kept = load_image_folder(folder.path(), Split::Train, ImageFolderOptions().skip_bad(true));
    CHECK(kept.size() == 3);
    REQUIRE(kept.skipped.size() == 1);
    CHECK_THAT(kept.skipped[0], Contains(name));
  }
}

TEST_CASE("A header above the pixel limit is refused before decoding", "[image-folder][hostile]") {
  CHECK_THROWS_WITH(decode_image(handmade_png(5000, 5000, 8, 6), "big.png", {}),
                    Contains("big.png") && Contains("5000x5000") && Contains("at most"));
}

TEST_CASE("A 16-bit PNG is read as 8 bits", "[image-folder]") {
  const auto x = decode_image(handmade_png(4, 4, 16, 0, 0x8040, true), "deep.png", ImageDecodeOptions().size(4));
  CHECK(x.eq(128).all().item<bool>());
}

TEST_CASE("Folders without images, symlink loops, unreadable files and odd names", "[image-folder][hostile]") {
  SECTION("an empty folder") {
    Folder folder;
    for (int i = 0; i < 3; ++i) fs::remove(folder.path() / ("good" + std::to_string(i) + ".png"));
    CHECK_THROWS_WITH(load_image_folder(folder.path(), Split::Train), Contains("no images"));
  }
  SECTION("a class folder without images") {
    Folder folder;
    fs::create_directories(folder.dir.path / "c" / "a");
    fs::create_directories(folder.dir.path / "c" / "b");
    std::ofstream(folder.dir.path / "c" / "a" / "x.png") << good_png();
    CHECK_THROWS_WITH(load_image_folder(folder.dir.path / "c", Split::Train),
                      Contains("c/b") && Contains("class folder without images"));
  }
  SECTION("a symlink loop") {
    Folder folder;
    fs::create_symlink("loop.png", folder.path() / "loop.png");
    fs::create_directory_symlink(".", folder.path() / "again");  // not followed
    CHECK_THROWS_WITH(load_image_folder(folder.path(), Split::Train), Contains("loop.png"));
    CHECK(load_image_folder(folder.path(), Split::Train, ImageFolderOptions().skip_bad(true)).size() == 3);
  }
  SECTION("an unreadable file") {
    Folder folder;
    folder.add("locked.png", good_png());
    fs::permissions(folder.path() / "locked.png", fs::perms::none);
    if (std::ifstream(folder.path() / "locked.png").good()) {
      WARN("skipped: this user reads files without read permission (root)");
    } else {
      CHECK_THROWS_WITH(load_image_folder(folder.path(), Split::Train), Contains("locked.png"));
    }
  }
  SECTION("a name that is not UTF-8") {
    Folder folder;
    folder.add("bad\xff.png", "garbage");
    CHECK_THROWS_WITH(load_image_folder(folder.path(), Split::Train), Contains("bad\\xff.png"));
  }
  SECTION("a folder of one image trains and has no test split") {
    Folder folder;
    for (int i = 1; i < 3; ++i) fs::remove(folder.path() / ("good" + std::to_string(i) + ".png"));
    CHECK(load_image_folder(folder.path(), Split::Train).size() == 1);
    CHECK_FALSE(has_dataset_split("one", Split::Test, folder.path()));
  }
}
