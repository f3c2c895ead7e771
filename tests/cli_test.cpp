#include "fixtures.h"

#include <genzoo/genzoo.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

int64_t last_step(const fs::path& metrics) {
  std::ifstream in(metrics);
  int64_t step = -1;
  for (std::string line; std::getline(in, line);) step = nlohmann::json::parse(line)["step"].get<int64_t>();
  return step;
}

int count_lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("CLI: train, sample, info and resume on a tiny IDX dataset", "[cli]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);

  auto r = test::run_cli("train vae --steps 20 --batch-size 16 --threads 1 --data-dir tiny --out run", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("done: 20 steps"));
  for (const char* f : {"checkpoint.pt", "metrics.jsonl", "config.json", "samples.png"}) {
    CAPTURE(f);
    CHECK(fs::exists(dir.path / "run" / f));
  }
  CHECK(test::png_size(dir.path / "run" / "samples.png").width == 8 * 30 + 2);
  CHECK(last_step(dir.path / "run" / "metrics.jsonl") == 20);
  auto config = read_json_file(dir.path / "run" / "config.json");
  CHECK(config["model"] == "vae");
  CHECK(config["steps"] == 20);
  CHECK(config["model_options"]["latent"] == 20);

  r = test::run_cli("sample run --n 12 --nrow 4 --seed 3 --out grid.png", dir.path);
  REQUIRE(r.exit_code == 0);
  auto png = test::png_size(dir.path / "grid.png");
  CHECK(png.width == 4 * 30 + 2);
  CHECK(png.height == 3 * 30 + 2);
  CHECK(png.channels == 1);

  r = test::run_cli("info run --json", dir.path);
  REQUIRE(r.exit_code == 0);
  auto info = nlohmann::json::parse(r.output);
  CHECK(info["model"] == "vae");
  CHECK(info["state"]["step"] == 20);
  CHECK(info["parameters"] == make_model("vae")->parameter_count());

  r = test::run_cli("train --resume run --steps 28", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("resuming") && Contains("at step 20"));
  CHECK(last_step(dir.path / "run" / "metrics.jsonl") == 28);
  CHECK(checkpoint_info(dir.path / "run")["state"]["step"] == 28);
}

TEST_CASE("CLI: mistakes are one line on stderr and a non-zero exit", "[cli]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 32, 16);

  auto r = test::run_cli("train vae --steps 2 --data-dir tiny --out run --set bogus_key=1", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("genzoo: error:") && Contains("unknown key 'bogus_key'"));
  CHECK(count_lines(r.output) == 1);
  CHECK_FALSE(fs::exists(dir.path / "run"));

  r = test::run_cli("train vae --steps 2 --data-dir tiny --set model_options.latent=oops", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("key 'latent'") && Contains("expected integer"));

  r = test::run_cli("train vea --steps 2", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("unknown model 'vea'") && Contains("vae"));

  r = test::run_cli("train vae --steps 2 --data-dir missing --out run2", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("not found") && Contains("missing"));
  CHECK(count_lines(r.output) == 1);

  r = test::run_cli("sample nowhere.pt", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("nowhere.pt") && Contains("no such checkpoint"));
  CHECK(count_lines(r.output) == 1);
}

TEST_CASE("CLI: list shows the registry and --help works everywhere", "[cli]") {
  auto r = test::run_cli("list");
  REQUIRE(r.exit_code == 0);
  for (const auto& name : list_models()) CHECK_THAT(r.output, Contains(name));
  for (const char* sub : {"", "train", "sample", "info", "fetch", "bench", "list"}) {
    CAPTURE(sub);
    auto h = test::run_cli(std::string(sub) + " --help");
    CHECK(h.exit_code == 0);
    CHECK_THAT(h.output, Contains("Usage"));
  }
}
