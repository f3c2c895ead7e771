#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

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

// A tiny dataset in dir/tiny and a VAE trained on it for a few steps in dir/run.
void train_tiny_vae(const fs::path& dir, const std::string& extra = "") {
  test::write_tiny_dataset(dir / "tiny", 96, 24);
  auto r = test::run_cli("train vae --steps 8 --batch-size 16 --threads 1 --data-dir tiny --out run " + extra, dir);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
}

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
  r = test::run_cli("info run", dir.path);  // a person's summary: short lines, no raw JSON
  CHECK_THAT(r.output, Contains("model         vae") && Contains("--json prints everything"));
  CHECK(r.output.find("\"config\"") == std::string::npos);

  r = test::run_cli("train --resume run --steps 28", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("resuming") && Contains("at step 20"));
  CHECK(last_step(dir.path / "run" / "metrics.jsonl") == 28);
  CHECK(model_info(open_model(dir.path / "run"))["state"]["step"] == 28);
}

TEST_CASE("CLI: reconstruct, traverse, interpolate and active units of a trained VAE", "[cli][views]") {
  test::TempDir dir;
  train_tiny_vae(dir.path, "--set model_options.latent=6");

  auto r = test::run_cli("reconstruct run --n 8 --nrow 4 --out recon.png", dir.path);
  REQUIRE(r.exit_code == 0);
  auto png = test::png_size(dir.path / "recon.png");
  CHECK(png.width == 4 * 30 + 2);
  CHECK(png.height == 4 * 30 + 2);  // two rows of inputs, each with its reconstructions beneath

  r = test::run_cli("traverse run --steps 7 --range 2 --image-index 3 --out walk.png", dir.path);
  REQUIRE(r.exit_code == 0);
  png = test::png_size(dir.path / "walk.png");
  CHECK(png.width == 7 * 30 + 2);
  CHECK(png.height == 6 * 30 + 2);  // one row per latent dimension
  CHECK_THAT(r.output, Contains("KL") && Contains("test image 3"));

  r = test::run_cli("interpolate run --rows 3 --steps 5 --linear", dir.path);
  REQUIRE(r.exit_code == 0);
  png = test::png_size(dir.path / "interpolate.png");
  CHECK(png.width == 5 * 30 + 2);
  CHECK(png.height == 3 * 30 + 2);
  CHECK_THAT(r.output, Contains("linear"));

  r = test::run_cli("info run --json", dir.path);
  REQUIRE(r.exit_code == 0);
  auto info = nlohmann::json::parse(r.output);
  REQUIRE(info.contains("active_units"));
  CHECK(info["active_units"]["of"] == 6);
  CHECK(info["active_units"]["kl_per_dim"].size() == 6);
  CHECK(info["active_units"]["count"].get<int64_t>() <= 6);

  r = test::run_cli("traverse run --image-index 99", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("image_index") && Contains("99"));
  CHECK(count_lines(r.output) == 1);
}

TEST_CASE("CLI: train-classifier, eval (table and JSON) and samples as IDX", "[cli][eval]") {
  test::TempDir dir;
  train_tiny_vae(dir.path);
  auto r = test::run_cli("train-classifier --data-dir tiny --epochs 2 --out clf.pt", dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("test accuracy") && Contains("clf.pt"));

  r = test::run_cli("eval run --classifier clf.pt --n 40 --iw-k 5 --binarized --json", dir.path);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.output);
  CHECK(j["model"] == "vae");
  CHECK(j["samples"]["images"] == 40);
  CHECK(j["floor_train_images"]["images"] == 40);
  for (const char* key : {"fld_lenet", "kid", "precision", "recall", "coverage"}) {
    CAPTURE(key);
    CHECK(j["samples"].contains(key));
    CHECK(j["floor_train_images"].contains(key));
  }
  CHECK(j["samples"]["coverage"]["histogram"].size() == 10);
  CHECK(j["likelihood"]["k"] == 5);
  CHECK(j["likelihood"]["iw_nll"].get<double>() <= j["likelihood"]["nelbo"].get<double>());
  CHECK(j["likelihood"].contains("binarized"));

  r = test::run_cli("eval run --classifier clf.pt --n 40 --iw-k 2", dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("FLD (LeNet features)") && Contains("KID") && Contains("precision") &&
                           Contains("recall") && Contains("class entropy") && Contains("train images") &&
                           Contains("importance-weighted"));

  r = test::run_cli("eval run --classifier clf.pt --n 40 --iw-k 2 --truncation 0.5 --json", dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.output)["truncation"] == 0.5);
  r = test::run_cli("eval run --classifier clf.pt --n 40 --iw-k 2 --truncation 0.5", dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("truncated to [-0.5, 0.5]"));

  r = test::run_cli("sample run --n 5 --format idx --out samples.idx", dir.path);
  REQUIRE(r.exit_code == 0);
  auto images = read_idx_images(dir.path / "samples.idx");
  CHECK(images.sizes() == torch::IntArrayRef({5, 1, 28, 28}));
  CHECK(images.scalar_type() == torch::kUInt8);
  r = test::run_cli("sample run --n 5 --format idx --truncation 0.5 --out truncated.idx", dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(torch::equal(read_idx_images(dir.path / "truncated.idx"), images));
  r = test::run_cli("sample run --n 5 --truncation 7 --out bad.png", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_FALSE(fs::exists(dir.path / "bad.png"));
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
  CHECK_FALSE(fs::exists(dir.path / "run2"));

  r = test::run_cli("sample nowhere.pt", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("nowhere.pt") && Contains("no such checkpoint"));
  CHECK(count_lines(r.output) == 1);
}

TEST_CASE("CLI: list shows the registry and --help works everywhere", "[cli]") {
  auto r = test::run_cli("list");
  REQUIRE(r.exit_code == 0);
  for (const auto& name : list_models()) CHECK_THAT(r.output, Contains(name));
  for (const char* sub : {"", "train", "sample", "info", "fetch", "bench", "list", "reconstruct", "traverse",
                          "interpolate", "eval", "train-classifier", "export", "convert"}) {
    CAPTURE(sub);
    auto h = test::run_cli(std::string(sub) + " --help");
    CHECK(h.exit_code == 0);
    CHECK_THAT(h.output, Contains("Usage"));
  }
}

TEST_CASE("CLI: --lr reaches the run's config exactly, however small", "[cli]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 32, 16);
  for (const std::string lr : {"1e-7", "1.5e-6", "3.3333333333333335e-4"}) {
    CAPTURE(lr);
    auto r = test::run_cli("train vae --steps 2 --batch-size 16 --threads 1 --data-dir tiny --lr " + lr + " --out run" +
                               lr, dir.path);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto config = read_json_file(dir.path / ("run" + lr) / "config.json");
    CHECK(config["trainer_options"]["lr"].get<double>() == std::stod(lr));
  }
}

TEST_CASE("CLI: the --set example in bench --help names an option that exists", "[cli]") {
  const auto help = test::run_cli("bench --help");
  REQUIRE(help.exit_code == 0);
  std::smatch example;
  REQUIRE(std::regex_search(help.output, example, std::regex("e\\.g\\. ([a-z_]+=[a-z]+)")));
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 32, 16);
  auto r = test::run_cli("bench gan --data-dir tiny --steps 1 --warmup 0 --batch-size 8 --threads 1 --set " +
                             example[1].str(), dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("images_per_s"));
}

TEST_CASE("CLI: bench's line records the recipe it timed", "[cli]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 32, 16);
  auto r = test::run_cli("bench wgan-gp --data-dir tiny --steps 1 --warmup 0 --batch-size 8 --threads 1", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto line = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  const auto& recipe = find_recipe("wgan-gp").trainer_options;
  CHECK(line.at("trainer_options").at("n_critic") == recipe.at("n_critic"));
  CHECK(line.at("trainer_options").at("lr") == recipe.at("lr"));
  CHECK(line.at("trainer_options").at("loss") == "wgan-gp");
  CHECK(line.at("adam") == "libtorch");  // channels-last convolution weights: the one-pass step does not apply
}

TEST_CASE("CLI: bench --profile writes LibTorch's trace of the timed steps, which profile_table.py sums", "[cli]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 32, 16);
  auto r = test::run_cli("bench vae --data-dir tiny --steps 2 --warmup 1 --batch-size 8 --threads 1 --profile vae.json",
                         dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.output.substr(r.output.find('{'))).at("adam") == "one-pass");
  const auto trace = read_json_file(dir.path / "vae.json");
  std::set<std::string> names;
  for (const auto& event : trace) names.insert(event.at("name").get<std::string>());
  CHECK(names.count("aten::addmm") == 1);               // the linear layers' forward
  CHECK(names.count("genzoo::one_pass_adam") == 1);     // the optimiser's own scope
  r = test::run_command("python3 '" GENZOO_SOURCE_DIR "/scripts/dev/bench/profile_table.py' vae.json --steps 2 --top 200",
                        dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("| `genzoo::one_pass_adam` |") && Contains("between operators"));

  r = test::run_cli("bench vae --data-dir tiny --steps 1 --warmup 0 --batch-size 8 --profile no/such/dir/t.json",
                    dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("profile") && Contains("a writable file") && Contains("no/such/dir/t.json"));
}

TEST_CASE("CLI: pretrained names work from any directory, and $GENZOO_WEIGHTS is searched first", "[cli][pretrained]") {
  test::TempDir dir;  // outside the repository
  auto r = test::run_command("env -u GENZOO_WEIGHTS '" GENZOO_CLI "' sample gan --n 4 --nrow 2 --out g.png", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(test::png_size(dir.path / "g.png").width == 2 * 30 + 2);

  fs::create_directories(dir.path / "mine");
  std::ofstream(dir.path / "mine" / "manifest.json")
      << R"({"models": [{"name": "gan.mnist", "file": "gan.safetensors", "sha256": "00"}]})";
  std::ofstream(dir.path / "mine" / "gan.safetensors") << "not weights";
  r = test::run_command("GENZOO_WEIGHTS=mine '" GENZOO_CLI "' sample gan --out h.png", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("mine/gan.safetensors") && Contains("SHA-256 mismatch"));
  CHECK_FALSE(fs::exists(dir.path / "h.png"));
}
