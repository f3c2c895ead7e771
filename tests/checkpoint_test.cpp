#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// What a run writes, reduced to what load() reads: metadata and the model's tensors.
void save_model(const GenerativeModel& model, const std::string& name, const nlohmann::json& options,
                const fs::path& path) {
  torch::serialize::OutputArchive archive;
  write_meta(archive, {{"model", name}, {"model_options", options}});
  write_module_state(archive, "model", model);
  save_archive(archive, path);
}

}  // namespace

TEST_CASE("save -> load gives identical samples for the same seed", "[checkpoint][vae]") {
  test::TempDir dir;
  torch::manual_seed(3);
  auto vae = make_model("vae", {{"latent", 5}});
  save_model(*vae, "vae", vae->options_json(), dir.path / "run" / "checkpoint.pt");
  auto loaded = load(dir.path / "run");  // a run directory stands for its checkpoint.pt
  CHECK(loaded->registry_name() == "vae");
  CHECK(loaded->latent_size() == 5);
  CHECK(torch::equal(loaded->sample(6, 42), vae->sample(6, 42)));
  CHECK_FALSE(torch::equal(loaded->sample(6, 42), loaded->sample(6, 43)));
  CHECK(std::distance(fs::directory_iterator(dir.path / "run"), fs::directory_iterator()) == 1);  // no temp file left
}

TEST_CASE("A checkpoint with a wrong parameter shape is refused, naming the tensor", "[checkpoint]") {
  test::TempDir dir;
  auto small = make_model("vae", {{"hidden", 300}});
  save_model(*small, "vae", make_model("vae")->options_json(), dir.path / "bad.pt");  // claims hidden=400
  CHECK_THROWS_WITH(load(dir.path / "bad.pt"), Contains("bad.pt") && Contains("fc1.weight") &&
                                                   Contains("expected shape [400, 784]") &&
                                                   Contains("found [300, 784]"));
}

TEST_CASE("Missing and unexpected tensors are refused by name", "[checkpoint]") {
  test::TempDir dir;
  torch::nn::Module partial;
  partial.register_module("fc1", torch::nn::Linear(784, 400));
  torch::serialize::OutputArchive archive;
  write_meta(archive, {{"model", "vae"}, {"model_options", nlohmann::json::object()}});
  write_module_state(archive, "model", partial);
  save_archive(archive, dir.path / "partial.pt");
  CHECK_THROWS_WITH(load(dir.path / "partial.pt"), Contains("partial.pt") && Contains("fc21"));

  auto vae = make_model("vae");
  auto extra = std::make_shared<torch::nn::Module>();
  for (const auto& child : vae->named_children()) extra->register_module(child.key(), child.value());
  extra->register_parameter("stray", torch::zeros({2}));
  torch::serialize::OutputArchive archive2;
  write_meta(archive2, {{"model", "vae"}, {"model_options", nlohmann::json::object()}});
  write_module_state(archive2, "model", *extra);
  save_archive(archive2, dir.path / "extra.pt");
  CHECK_THROWS_WITH(load(dir.path / "extra.pt"), Contains("unexpected tensor 'model.stray'"));
}

TEST_CASE("Files that are not genzoo checkpoints are errors naming the file", "[checkpoint]") {
  test::TempDir dir;
  CHECK_THROWS_WITH(load(dir.path / "none.pt"), Contains("none.pt") && Contains("no such checkpoint"));
  std::ofstream(dir.path / "junk.pt") << "not a zip";
  CHECK_THROWS_WITH(load(dir.path / "junk.pt"), Contains("junk.pt") && Contains("not a readable checkpoint"));
  torch::serialize::OutputArchive plain;
  plain.write("x", torch::zeros({1}));
  plain.save_to((dir.path / "plain.pt").string());
  CHECK_THROWS_WITH(load(dir.path / "plain.pt"), Contains("plain.pt") && Contains("not a genzoo checkpoint"));
}
