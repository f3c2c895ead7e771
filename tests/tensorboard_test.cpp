// TensorBoard event files, read back by tests/tensorboard/read_events.py: protoc-generated code from TensorBoard's
// field numbers and its own CRC-32C, sharing nothing with core/tensorboard.cpp.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>
#include <stb_image.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> event_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// The reader's events, one JSON object each.
std::vector<nlohmann::json> read_events(const std::vector<fs::path>& files, const fs::path& out_dir) {
  std::string command = "/usr/bin/python3 '" GENZOO_SOURCE_DIR "/tests/tensorboard/read_events.py' '" +
                        out_dir.string() + "'";
  for (const auto& f : files) command += " '" + f.string() + "'";
  fs::create_directories(out_dir);
  const auto r = test::run_command(command);
  INFO("the reader needs python3-protobuf and protobuf-compiler (scripts/test.sh installs them): " << r.output);
  REQUIRE(r.exit_code == 0);
  std::vector<nlohmann::json> events;
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) events.push_back(nlohmann::json::parse(line));
  return events;
}

}  // namespace

TEST_CASE("CRC-32C gives the standard check value", "[tensorboard]") {
  CHECK(crc32c("123456789", 9) == 0xE3069283u);
  CHECK(crc32c("", 0) == 0u);
  CHECK(crc32c("56789", 5, crc32c("1234", 4)) == 0xE3069283u);  // continues a running CRC
}

TEST_CASE("Event files read back independently: scalars equal metrics.jsonl, grids decode, resume appends a file",
          "[tensorboard][cli][protoc]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);  // 4 steps an epoch
  auto r = test::run_cli("train vae --steps 8 --batch-size 16 --threads 1 --data-dir tiny --out run --set log_every=2",
                         dir.path);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("train --resume run --steps 12", dir.path);
  REQUIRE(r.exit_code == 0);
  const auto files = event_files(dir.path / "run" / "tb");
  REQUIRE(files.size() == 2);  // one per process, as TensorBoard's writers do
  for (const auto& f : files) CHECK_THAT(f.filename().string(), Contains("events.out.tfevents.") && Contains(".genzoo"));
  const auto events = read_events(files, dir.path / "images");

  std::map<std::pair<std::string, int64_t>, float> scalars;
  std::map<int64_t, nlohmann::json> images;
  std::map<std::string, int> versions;
  for (const auto& e : events) {
    REQUIRE_FALSE(e.contains("truncated_at"));
    if (e.contains("file_version")) versions[e["file"]] += e["file_version"] == "brain.Event:2" ? 1 : 100;
    const auto step = e.at("step").get<int64_t>();
    const auto event_scalars = e.value("scalars", nlohmann::json::object());
    for (const auto& [tag, value] : event_scalars.items()) {
      CHECK(scalars.emplace(std::pair{tag, step}, value.get<float>()).second);
    }
    for (const auto& image : e.value("images", nlohmann::json::array())) images[step] = image;
  }
  for (const auto& f : files) CHECK(versions[f.string()] == 1);  // file_version first, once per file
  CHECK(events.front().contains("file_version"));

  std::map<std::pair<std::string, int64_t>, float> expected;
  std::vector<int64_t> epoch_steps;
  std::ifstream metrics(dir.path / "run" / "metrics.jsonl");
  for (std::string line; std::getline(metrics, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j["type"] == "epoch") epoch_steps.push_back(j["step"]);
    for (const auto& [key, value] : j.items()) {
      if (value.is_number() && key != "step" && key != "epoch") {
        expected[{key, j["step"].get<int64_t>()}] = static_cast<float>(value.get<double>());
      }
    }
  }
  CHECK(expected.count({"train/loss", 12}) == 1);
  CHECK(scalars == expected);  // the same names, steps and (as float32) values

  REQUIRE(epoch_steps == std::vector<int64_t>{4, 8, 12});
  REQUIRE(images.size() == 3);
  for (int64_t step : epoch_steps) {
    const auto& image = images[step];
    CHECK(image["tag"] == "samples");
    int w = 0, h = 0, c = 0;
    unsigned char* pixels = stbi_load(image["file"].get<std::string>().c_str(), &w, &h, &c, 0);
    REQUIRE(pixels != nullptr);
    stbi_image_free(pixels);
    const auto grid = test::png_size(dir.path / "run" / "samples" / "epoch_003.png");
    CHECK((w == grid.width && h == grid.height && c == 1));
    CHECK((image["width"] == w && image["height"] == h && image["colorspace"] == 1));
  }

  // A file cut short mid-record (a process killed while writing) keeps every record before the cut.
  const auto cut = dir.path / "cut.tfevents";
  fs::copy_file(files[0], cut);
  fs::resize_file(cut, fs::file_size(cut) - 7);
  const auto whole = read_events({files[0]}, dir.path / "images-whole");
  const auto kept = read_events({cut}, dir.path / "images-cut");
  REQUIRE(kept.size() == whole.size());  // all but the last record, and the marker
  CHECK(kept.back().contains("truncated_at"));
  for (size_t i = 0; i + 1 < whole.size(); ++i) CHECK(kept[i]["step"] == whole[i]["step"]);

  r = test::run_cli("train vae --steps 4 --batch-size 16 --threads 1 --data-dir tiny --out quiet --tensorboard off",
                    dir.path);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(fs::exists(dir.path / "quiet" / "tb"));
}
