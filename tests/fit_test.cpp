#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

TrainConfig tiny_config(const fs::path& data, const fs::path& out, int64_t steps) {
  auto config = resolve_train_config("vae", {}, {"steps=" + std::to_string(steps), "batch_size=16", "log_every=3",
                                                 "threads=1", "grid_n=8", "device=\"cpu\""});
  config.data_dir = data.string();
  config.out_dir = out.string();
  return config;
}

std::vector<nlohmann::json> read_jsonl(const fs::path& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// A trainer that fails or interrupts on cue, to drive the fit loop's edge cases.
class ScriptedTrainer : public Trainer {
 public:
  int64_t nan_at = -1, sigint_at = -1;
  Metrics step(const torch::Tensor&, int64_t global_step) override {
    if (global_step == sigint_at) std::raise(SIGINT);
    return {{"loss", global_step == nan_at ? std::nan("") : 1.0}};
  }
  nlohmann::json options_json() const override { return nlohmann::json::object(); }
  void save(torch::serialize::OutputArchive&) const override {}
  void load(torch::serialize::InputArchive&) override {}
};

}  // namespace

TEST_CASE("A run leaves config.json, metrics.jsonl, grids and a checkpoint", "[fit]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "data", 64, 16);
  auto outcome = train(tiny_config(dir.path / "data", dir.path / "run", 10));  // 4 steps per epoch
  CHECK(outcome.step == 10);
  CHECK_FALSE(outcome.interrupted);
  for (const char* f : {"config.json", "metrics.jsonl", "checkpoint.pt", "samples.png", "samples/epoch_001.png",
                        "samples/epoch_003.png"}) {
    CAPTURE(f);
    CHECK(fs::exists(dir.path / "run" / f));
  }
  CHECK(test::png_size(dir.path / "run" / "samples.png").width == 8 * 30 + 2);
  auto lines = read_jsonl(dir.path / "run" / "metrics.jsonl");
  int epochs = 0;
  for (const auto& l : lines) {
    if (l["type"] == "epoch") {
      ++epochs;
      CHECK(l.contains("train/loss"));
      CHECK(l.contains("test/nelbo"));
    }
  }
  CHECK(epochs == 3);  // 4 + 4 + a last partial epoch of 2
  CHECK(lines.back()["step"] == 10);
  auto info = model_info(open_model(dir.path / "run"));
  CHECK(info["state"]["step"] == 10);
  CHECK(info["model"] == "vae");
  CHECK_THROWS_WITH(train(tiny_config(dir.path / "data", dir.path / "run", 10)),
                    Contains("already holds a run") && Contains("--resume"));
}

TEST_CASE("Stopping and resuming gives the same model as one uninterrupted run", "[fit]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "data", 64, 16);
  train(tiny_config(dir.path / "data", dir.path / "whole", 11));
  train(tiny_config(dir.path / "data", dir.path / "split", 6));  // stops mid-epoch
  auto outcome = resume(dir.path / "split", {"steps=11"});
  CHECK(outcome.step == 11);

  auto whole = load(dir.path / "whole");
  auto split = load(dir.path / "split");
  auto a = whole->parameters(), b = split->parameters();
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) CHECK(torch::allclose(a[i], b[i], 1e-5, 1e-6));
  CHECK(torch::allclose(whole->sample(4, 1), split->sample(4, 1), 1e-5, 1e-6));
  // The grids of both runs come from the same fixed z.
  auto grid_whole = read_jsonl(dir.path / "whole" / "metrics.jsonl").back();
  auto grid_split = read_jsonl(dir.path / "split" / "metrics.jsonl").back();
  CHECK(grid_whole["step"] == grid_split["step"]);
  CHECK(grid_whole["train/loss"].get<double>() == Approx(grid_split["train/loss"].get<double>()).epsilon(1e-4));
}

TEST_CASE("Resume refuses different model options", "[fit]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "data", 32, 16);
  train(tiny_config(dir.path / "data", dir.path / "run", 2));
  CHECK_THROWS_WITH(resume(dir.path / "run", {"model_options.latent=3"}),
                    Contains("model options differ") && Contains("\"latent\":20") && Contains("\"latent\":3"));
  CHECK_THROWS_WITH(resume(dir.path / "run", {"model=gan"}), Contains("cannot resume"));
}

TEST_CASE("A NaN loss stops training with an error naming the step", "[fit]") {
  test::TempDir dir;
  torch::Tensor labels;
  Dataset data{"tiny", "tiny", "tiny-labels", test::tiny_images(32, &labels), labels};
  auto model = make_model("vae");
  ScriptedTrainer trainer;
  trainer.nan_at = 5;  // the 6th step
  FitOptions options;
  options.total_steps = 20;
  options.batch_size = 8;  // 4 steps per epoch: a checkpoint after step 4
  options.out_dir = dir.path;
  FitState state{0, model->sample_latent(4, 0)};
  std::vector<int64_t> saved;
  CHECK_THROWS_WITH(fit(*model, trainer, data, nullptr, options, state, [&](const FitState& s) { saved.push_back(s.step); }),
                    Contains("diverged at step 6") && Contains("loss is nan") && Contains("step 4"));
  CHECK(saved == std::vector<int64_t>{4});

  ScriptedTrainer first;
  first.nan_at = 0;  // diverges before any checkpoint exists
  FitState fresh{0, model->sample_latent(4, 0)};
  CHECK_THROWS_WITH(fit(*model, first, data, nullptr, options, fresh, [](const FitState&) {}),
                    Contains("diverged at step 1") && Contains("no checkpoint was written"));
}

TEST_CASE("Ctrl-C finishes the step, saves and reports the interruption", "[fit]") {
  test::TempDir dir;
  torch::Tensor labels;
  Dataset data{"tiny", "tiny", "tiny-labels", test::tiny_images(32, &labels), labels};
  auto model = make_model("vae");
  ScriptedTrainer trainer;
  trainer.sigint_at = 5;
  FitOptions options;
  options.total_steps = 20;
  options.batch_size = 8;
  options.out_dir = dir.path;
  options.handle_sigint = true;
  FitState state{0, model->sample_latent(4, 0)};
  std::vector<int64_t> saved;
  auto result = fit(*model, trainer, data, nullptr, options, state, [&](const FitState& s) { saved.push_back(s.step); });
  CHECK(result.interrupted);
  CHECK(result.step == 6);
  CHECK(saved == std::vector<int64_t>{4, 6});
}
