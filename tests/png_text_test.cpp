// PNG text chunks (data/png_text.h) and a grid's provenance (loading/provenance.h): written, read back, refused when
// broken; `genzoo sample --like` draws a grid again bit for bit.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>
#include <stb_image.h>

using namespace genzoo;
using Catch::Matchers::Contains;

namespace {

std::string small_png() { return encode_png(torch::arange(48, torch::kUInt8).reshape({4, 4, 3})); }

// PNG bytes with `chunk` (type + data, length and CRC computed) inserted after the header.
std::string with_raw_chunk(const std::string& png, const std::string& type, const std::string& data, bool good_crc) {
  std::string chunk;
  for (int shift = 24; shift >= 0; shift -= 8) chunk.push_back(static_cast<char>((data.size() >> shift) & 0xff));
  chunk += type + data;
  auto crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(chunk.data() + 4),
                                         static_cast<uInt>(chunk.size() - 4)));
  if (!good_crc) crc ^= 1;
  for (int shift = 24; shift >= 0; shift -= 8) chunk.push_back(static_cast<char>((crc >> shift) & 0xff));
  return png.substr(0, 33) + chunk + png.substr(33);
}

}  // namespace

TEST_CASE("PNG text chunks read back, and the image still decodes to the same pixels", "[png-text]") {
  const auto png = add_png_text(small_png(), {{"genzoo.model", "gan"}, {"Software", "genzoo 0.1.0"}});
  CHECK(parse_png_text(png, "g.png") == PngText{{"Software", "genzoo 0.1.0"}, {"genzoo.model", "gan"}});
  CHECK(parse_png_text(small_png(), "g.png").empty());
  int w = 0, h = 0, c = 0;
  auto* pixels = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(png.data()), static_cast<int>(png.size()), &w,
                                       &h, &c, 3);
  REQUIRE(pixels != nullptr);
  CHECK(std::equal(pixels, pixels + 48, torch::arange(48, torch::kUInt8).data_ptr<uint8_t>()));
  stbi_image_free(pixels);
}

TEST_CASE("What cannot be written as PNG text is refused naming the keyword", "[png-text]") {
  CHECK_THROWS_WITH(add_png_text(small_png(), {{"", "x"}}), Contains("keyword"));
  CHECK_THROWS_WITH(add_png_text(small_png(), {{std::string(80, 'k'), "x"}}), Contains("1 to 79"));
  CHECK_THROWS_WITH(add_png_text(small_png(), {{"k", "caf\xc3\xa9"}}), Contains("k: expected printable ASCII"));
  CHECK_THROWS_WITH(add_png_text(small_png(), {{"k", std::string(5000, 'x')}}), Contains("5000 bytes"));
  CHECK_THROWS_WITH(add_png_text("GIF89a", {{"k", "v"}}), Contains("expected a PNG file"));
}

TEST_CASE("Broken PNG text is an error naming the file and what was found", "[png-text][hostile]") {
  const auto png = small_png();
  CHECK_THROWS_WITH(parse_png_text("not a png", "f.png"), Contains("f.png: expected a PNG file"));
  CHECK_THROWS_WITH(parse_png_text(png.substr(0, 20), "f.png"), Contains("f.png: expected the IHDR chunk"));
  CHECK_THROWS_WITH(parse_png_text(png.substr(0, png.size() - 12), "f.png"), Contains("no IEND"));
  auto long_chunk = png;
  long_chunk[33] = '\x7f';  // the first chunk after the header claims ~2 GB
  CHECK_THROWS_WITH(parse_png_text(long_chunk, "f.png"), Contains("runs past the end of the file"));
  CHECK_THROWS_WITH(parse_png_text(with_raw_chunk(png, "tEXt", std::string("k\0v", 3), false), "f.png"),
                    Contains("CRC mismatch"));
  CHECK_THROWS_WITH(parse_png_text(with_raw_chunk(png, "tEXt", "no separator", true), "f.png"),
                    Contains("expected a keyword of 1 to 79 bytes"));
  CHECK_THROWS_WITH(parse_png_text(with_raw_chunk(png, "tEXt", std::string("k\0") + std::string(5000, 'x'), true),
                                   "f.png"),
                    Contains("at most 4096"));
  const auto twice = with_raw_chunk(with_raw_chunk(png, "tEXt", std::string("k\0a", 3), true), "tEXt",
                                    std::string("k\0b", 3), true);
  CHECK_THROWS_WITH(parse_png_text(twice, "f.png"), Contains("'k' appears twice"));
  auto many = png;
  for (size_t i = 0; i <= kMaxPngTextChunks; ++i) {
    many = with_raw_chunk(many, "tEXt", "k" + std::to_string(i) + std::string(1, '\0') + "v", true);
  }
  CHECK_THROWS_WITH(parse_png_text(many, "f.png"), Contains("at most 64 tEXt chunks"));
  // Other chunks, even with a bad CRC, are passed over unread.
  CHECK(parse_png_text(with_raw_chunk(png, "zzZz", "data", false), "f.png").empty());
}

TEST_CASE("CLI: a sample grid says where it came from, and --like draws it again bit for bit", "[png-text][cli]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 32, 8);
  auto r = test::run_cli("train gan --data-dir tiny --steps 2 --batch-size 8 --threads 1 --set model_options.width=8 "
                         "--out run",
                         dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("sample run --n 6 --nrow 3 --seed 7 --truncation 1.5 --out a.png", dir.path);
  REQUIRE(r.exit_code == 0);
  const auto record = SampleRecord::from_png_text(read_png_text(dir.path / "a.png"), "a.png");
  CHECK(record.model == "gan");
  CHECK(record.weights == "checkpoint.pt");
  CHECK(record.weights_sha256 == sha256_file(dir.path / "run" / "checkpoint.pt"));
  CHECK((record.n == 6 && record.nrow == 3 && record.seed == 7 && record.truncation == 1.5 && record.step == 2));
  r = test::run_cli("info a.png", dir.path);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("genzoo.seed") && Contains("7") && Contains(record.weights_sha256));

  r = test::run_cli("sample run --like a.png --out b.png", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir.path / "a.png") == read_file(dir.path / "b.png"));
  r = test::run_cli("sample --like a.png --out c.png", dir.path);  // not a pretrained file: say which weights
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("a.png") && Contains(record.weights_sha256) && Contains("pass them"));
  r = test::run_cli("train --resume run --steps 3", dir.path);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("sample run --like a.png --out c.png", dir.path);  // the run trained on: other weights
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains(record.weights_sha256) && Contains(sha256_file(dir.path / "run" / "checkpoint.pt")));
  r = test::run_cli("sample run --like a.png --seed 1 --out c.png", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("--seed excludes --like"));
  CHECK(!std::filesystem::exists(dir.path / "c.png"));
}

TEST_CASE("A pretrained grid is drawn again from its name alone", "[png-text][pretrained][cli]") {
  test::TempDir dir;
  auto r = test::run_cli("sample gan --n 4 --out a.png", dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK(read_png_text(dir.path / "a.png").at("genzoo.weights") == "gan");
  r = test::run_cli("sample --like a.png --out b.png", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir.path / "a.png") == read_file(dir.path / "b.png"));
  r = test::run_cli("sample gan.fashion-mnist --like a.png --out c.png", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("a.png was drawn by weights with SHA-256"));
}

TEST_CASE("CLI: a view's grid names its model and weights, and sample --like refuses it naming the view",
          "[png-text][cli]") {
  test::TempDir dir;
  auto r = test::run_cli("interpolate gan --rows 2 --steps 3 --out i.png", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto text = read_png_text(dir.path / "i.png");
  CHECK(text.at("genzoo.view") == "interpolate");
  CHECK(text.at("genzoo.model") == "gan");
  CHECK(text.at("genzoo.weights_sha256") == sha256_file(pretrained_file("gan")));
  CHECK(text.count("genzoo.seed") == 0);
  r = test::run_cli("sample --like i.png --out s.png", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("i.png: a grid of genzoo interpolate"));
}

TEST_CASE("A grid's record is read with bounds: a huge n or a missing field is an error naming the keyword",
          "[png-text][hostile]") {
  SampleRecord r;
  r.version = "0.1.0";
  r.model = "gan";
  r.weights = "gan";
  r.weights_sha256 = std::string(64, 'a');
  r.n = 4;
  r.nrow = 2;
  auto text = r.to_png_text();
  CHECK(SampleRecord::from_png_text(text, "g.png").n == 4);
  text["genzoo.n"] = "1000000000000";
  CHECK_THROWS_WITH(SampleRecord::from_png_text(text, "g.png"),
                    Contains("g.png: genzoo.n: expected an integer from 1 to 1000000"));
  text["genzoo.n"] = "4";
  text["genzoo.seed"] = "-1";
  CHECK_THROWS_WITH(SampleRecord::from_png_text(text, "g.png"), Contains("genzoo.seed: expected a seed"));
  text.erase("genzoo.model");
  CHECK_THROWS_WITH(SampleRecord::from_png_text(text, "g.png"), Contains("genzoo.model") && Contains("no such"));
}
