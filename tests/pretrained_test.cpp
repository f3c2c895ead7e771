#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const fs::path kWeights = fs::path(GENZOO_SOURCE_DIR) / "weights";

// Points $GENZOO_WEIGHTS somewhere for one scope.
struct WeightsEnv {
  explicit WeightsEnv(const fs::path& dir) { setenv("GENZOO_WEIGHTS", dir.c_str(), 1); }
  ~WeightsEnv() { unsetenv("GENZOO_WEIGHTS"); }
};

}  // namespace

TEST_CASE("Every manifest entry matches its file: hash, parameter count and options", "[pretrained]") {
  const auto entries = read_manifest(kWeights / "manifest.json");
  std::vector<std::string> names;
  uintmax_t bytes = 0;
  for (const auto& e : entries) {
    CAPTURE(e.name);
    REQUIRE(fs::exists(e.file));
    bytes += fs::file_size(e.file);
    CHECK(sha256_file(e.file) == e.sha256);
    auto model = load(e.file);
    CHECK(e.name == model->registry_name() + "." + e.record.at("data").get<std::string>());  // timm: model.data
    if (e.record.at("data") == kDefaultPretrainedData) names.push_back(model->registry_name());
    CHECK(model->parameter_count() == e.record.at("parameters").get<int64_t>());
    CHECK(model->options_json() == e.record.at("model_options"));
    for (const char* key : {"data", "epochs", "steps", "seed", "command"}) CHECK(e.record.contains(key));
    CHECK(torch::isfinite(model->sample(2, 0)).all().item<bool>());
  }
  std::sort(names.begin(), names.end());
  CHECK(names == list_models());  // every registered model ships pretrained on mnist
  for (const auto& f : fs::directory_iterator(kWeights)) bytes += f.path().extension() == ".pt" ? f.file_size() : 0;
  CHECK(bytes < 60u * 1024 * 1024);  // weights/ stays under 60 MiB, a size a clone can carry
}

TEST_CASE("load_pretrained verifies the SHA-256, and a tampered file names both hashes", "[pretrained]") {
  test::TempDir dir;
  const auto entries = read_manifest(kWeights / "manifest.json");
  const auto vae = std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.name == "vae.mnist"; });
  REQUIRE(vae != entries.end());
  fs::copy_file(kWeights / "manifest.json", dir.path / "manifest.json");
  fs::copy_file(vae->file, dir.path / vae->file.filename());
  WeightsEnv env(dir.path);

  auto model = load_pretrained("vae");
  CHECK(model->sample(3, 0).sizes() == torch::IntArrayRef({3, 1, 28, 28}));
  CHECK(load("vae")->parameter_count() == model->parameter_count());  // a registry name works wherever a path does
  CHECK(load("vae.mnist")->parameter_count() == model->parameter_count());  // "vae" is "vae.mnist"
  CHECK_THROWS_WITH(load("vae.kmnist"), Contains("no pretrained 'vae.kmnist'"));

  {
    std::fstream f(dir.path / vae->file.filename(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('\x7f');
  }
  CHECK_THROWS_WITH(load_pretrained("vae"), Contains("SHA-256 mismatch") && Contains(vae->sha256) &&
                                                Contains(vae->file.filename().string()));
  CHECK_THROWS_WITH(load_pretrained("gan"), Contains("gan") && Contains("listed in"));
  CHECK_THROWS_WITH(load_pretrained("nope"), Contains("no pretrained 'nope'"));
}

TEST_CASE("CLI: sample and info take a pretrained name", "[pretrained][cli]") {
  test::TempDir dir;
  auto r = test::run_cli("sample wgan-gp --n 4 --nrow 2 --out " + (dir.path / "w.png").string(), GENZOO_SOURCE_DIR);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(test::png_size(dir.path / "w.png").width == 2 * 30 + 2);
  r = test::run_cli("info beta-vae --json", GENZOO_SOURCE_DIR);
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.output)["model"] == "beta-vae");
}

TEST_CASE("Manifest entries stay inside the weights folder and name regular files", "[pretrained][reliability]") {
  test::TempDir dir;
  WeightsEnv env(dir.path);
  std::ofstream(dir.path / "manifest.json") << R"({"models": [{"name": "vae.mnist", "file": "../vae.safetensors", "sha256": "00"}]})";
  CHECK_THROWS_WITH(load_pretrained("vae"), Contains("manifest.json") && Contains("inside the manifest's folder"));
  std::ofstream(dir.path / "manifest.json", std::ios::trunc)
      << R"({"models": [{"name": "vae.mnist", "file": "zero.safetensors", "sha256": "00"}]})";
  fs::create_symlink("/dev/zero", dir.path / "zero.safetensors");
  CHECK_THROWS_WITH(load_pretrained("vae"), Contains("zero.safetensors") && Contains("not a regular file"));
}

TEST_CASE("Pretrained names are model.data, and the bare name is the mnist weights", "[pretrained]") {
  test::TempDir dir;
  const auto entries = read_manifest(kWeights / "manifest.json");
  const auto gan = std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.name == "gan.mnist"; });
  REQUIRE(gan != entries.end());
  fs::copy_file(gan->file, dir.path / "gan-fashion-mnist.safetensors");  // stands in for fashion-mnist weights
  std::ofstream(dir.path / "manifest.json") << nlohmann::json{
      {"models", {{{"name", "gan.fashion-mnist"}, {"file", "gan-fashion-mnist.safetensors"}, {"sha256", gan->sha256}}}}};
  WeightsEnv env(dir.path);
  CHECK(pretrained_full_name("gan") == "gan.mnist");
  CHECK(pretrained_full_name("gan.fashion-mnist") == "gan.fashion-mnist");
  CHECK(load("gan.fashion-mnist")->registry_name() == "gan");
  CHECK(pretrained_file("gan.fashion-mnist") == dir.path / "gan-fashion-mnist.safetensors");
  // GENZOO_WEIGHTS comes first; the bare name still finds the mnist weights in the shipped folder after it.
  CHECK(pretrained_file("gan").filename() == "gan-mnist.safetensors");
}
