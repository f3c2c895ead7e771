// The quality machinery: scores during training and the best checkpoint, the generator average, scoring any IDX file.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::vector<nlohmann::json> eval_lines(const fs::path& metrics) {
  std::ifstream in(metrics);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["type"] == "eval") lines.push_back(j);
  }
  return lines;
}

// A scorer that answers a scripted FLD per call and counts its calls.
RunOptions scripted_scores(std::vector<double> flds, int* calls) {
  RunOptions options;
  options.make_score = [flds, calls](const TrainConfig&) {
    return [flds, calls](GenerativeModel&) -> Metrics { return {{"fld", flds.at((*calls)++)}, {"recall", 0.5}}; };
  };
  return options;
}

TrainConfig tiny(const std::string& model, const fs::path& dir, int64_t steps, std::vector<std::string> sets = {}) {
  for (const char* s : {"batch_size=16", "log_every=4", "threads=1", "grid_n=8", "device=\"cpu\""}) sets.push_back(s);
  sets.push_back("steps=" + std::to_string(steps));
  auto config = resolve_train_config(model, {}, sets);
  config.data_dir = (dir / "data").string();
  config.out_dir = (dir / "run").string();
  return config;
}

}  // namespace

TEST_CASE("Scores every N steps go to metrics.jsonl, and best.pt keeps the lowest FLD, also across a resume", "[quality][fit]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "data", 64, 16);
  int calls = 0;
  auto config = tiny("vae", dir.path, 12, {"eval_every=4"});
  CHECK_THROWS_WITH(train(config), Contains("eval_every") && Contains("no scorer"));
  CHECK_FALSE(fs::exists(dir.path / "run"));

  train(config, scripted_scores({5.0, 3.0, 4.0}, &calls));
  CHECK(calls == 3);
  auto lines = eval_lines(dir.path / "run" / "metrics.jsonl");
  REQUIRE(lines.size() == 3);
  CHECK(lines[1]["step"] == 8);
  CHECK(lines[1]["eval/fld"] == 3.0);
  CHECK(lines[1]["eval/recall"] == 0.5);
  REQUIRE(fs::exists(dir.path / "run" / "best.pt"));
  CHECK(TrainingCheckpoint(dir.path / "run" / "best.pt").step() == 8);
  CHECK(TrainingCheckpoint(dir.path / "run" / "checkpoint.pt").meta().best["fld"] == 3.0);
  // best.pt is a whole checkpoint: it loads, samples and differs from the last one.
  auto best = load(dir.path / "run" / "best.pt"), last = load(dir.path / "run");
  CHECK_FALSE(torch::equal(best->sample(2, 0), last->sample(2, 0)));

  calls = 0;
  resume(dir.path / "run", {"steps=16"}, {}, scripted_scores({3.5}, &calls));
  CHECK(calls == 1);
  CHECK(TrainingCheckpoint(dir.path / "run" / "best.pt").step() == 8);  // 3.5 did not beat 3.0
  CHECK(eval_lines(dir.path / "run" / "metrics.jsonl").size() == 4);
}

TEST_CASE("The generator average moves toward the generator, samples by default, and saves, exports and resumes",
          "[quality][gan]") {
  torch::manual_seed(0);
  auto model = std::dynamic_pointer_cast<DcganImpl>(make_model("gan", {{"width", 8}, {"ema_decay", 0.9}}));
  REQUIRE(model->has_ema());
  CHECK_FALSE(make_model("gan")->named_children().size() == model->named_children().size());  // off by default
  auto trainer = find_recipe("gan").make_trainer(model, find_recipe("gan").trainer_options);
  const auto real = torch::rand({8, 1, 28, 28}) * 2 - 1;
  for (int64_t step = 0; step < 3; ++step) trainer->step(real, step);
  auto g = model->generator->named_parameters()["deconv2.weight"];
  auto e = model->generator_ema->named_parameters()["deconv2.weight"];
  CHECK_FALSE(torch::equal(g, e));  // averaged, not copied
  CHECK(torch::equal(model->generator->named_buffers()["bn1.running_mean"],
                     model->generator_ema->named_buffers()["bn1.running_mean"]));  // statistics copied
  const auto z = model->sample_latent(4, 1);
  {
    EvalScope scope(*model);
    CHECK(torch::allclose(model->generate(z), model->generator_ema->forward(z).add(1).div(2)));
    model->use_ema(false);
    CHECK(torch::allclose(model->generate(z), model->generator->forward(z).add(1).div(2)));
    model->use_ema(true);
  }

  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "data", 64, 16);
  auto config = tiny("gan", dir.path, 6, {"model_options.width=8"});
  CHECK(config.model_options["ema_decay"] == 0.999);  // the recipe trains with an average
  train(config);
  auto loaded = std::dynamic_pointer_cast<DcganImpl>(load(dir.path / "run"));
  REQUIRE(loaded->has_ema());
  export_safetensors(dir.path / "run", dir.path / "gan.safetensors");
  const auto file = read_safetensors(dir.path / "gan.safetensors");
  CHECK(file.tensors.count("generator_ema.deconv2.weight") == 1);
  CHECK(file.tensors.count("critic.conv2.weight") == 0);
  CHECK(torch::equal(load(dir.path / "gan.safetensors")->sample(4, 2), loaded->sample(4, 2)));

  // Without the average, the file holds the trained generator only and samples what it samples.
  ExportOptions trained_only;
  trained_only.without_average = true;
  export_safetensors(dir.path / "run", dir.path / "raw.safetensors", trained_only);
  const auto raw_file = read_safetensors(dir.path / "raw.safetensors");
  CHECK(raw_file.tensors.count("generator_ema.deconv2.weight") == 0);
  CHECK(raw_file.tensors.count("generator.deconv2.weight") == 1);
  auto raw = std::dynamic_pointer_cast<DcganImpl>(load(dir.path / "raw.safetensors"));
  CHECK_FALSE(raw->has_ema());
  CHECK(raw->options.ema_decay() == 0);
  loaded->use_ema(false);
  CHECK(torch::equal(raw->sample(4, 2), loaded->sample(4, 2)));
  CHECK_FALSE(torch::equal(raw->sample(4, 2), load(dir.path / "gan.safetensors")->sample(4, 2)));
  loaded->use_ema(true);
  CHECK_THROWS_WITH(export_safetensors(dir.path / "raw.safetensors", dir.path / "again.safetensors", trained_only),
                    Catch::Matchers::Contains("keeps no average"));

  // Average only: the average becomes the generator, so the file samples what the default export samples, with
  // one generator's tensors; the options it trained with stay in the metadata.
  ExportOptions average_only;
  average_only.average_only = true;
  export_safetensors(dir.path / "run", dir.path / "avg.safetensors", average_only);
  const auto avg_file = read_safetensors(dir.path / "avg.safetensors");
  CHECK(avg_file.tensors.size() == raw_file.tensors.size());
  CHECK(avg_file.tensors.count("generator_ema.deconv2.weight") == 0);
  CHECK(nlohmann::json::parse(avg_file.metadata.at("genzoo.average_of"))["ema_decay"] == 0.999);
  CHECK(torch::equal(load(dir.path / "avg.safetensors")->sample(4, 2), loaded->sample(4, 2)));
  CHECK_THROWS_WITH(export_safetensors(dir.path / "raw.safetensors", dir.path / "again.safetensors", average_only),
                    Catch::Matchers::Contains("keeps no average") && Catch::Matchers::Contains("--average-only"));
  average_only.without_average = true;
  CHECK_THROWS_WITH(export_safetensors(dir.path / "run", dir.path / "both.safetensors", average_only),
                    Catch::Matchers::Contains("found both"));
  CHECK_FALSE(fs::exists(dir.path / "both.safetensors"));

  // Stopping at 6 and resuming to 10 gives the average of one 10-step run.
  auto whole_config = tiny("gan", dir.path, 10, {"model_options.width=8"});
  whole_config.out_dir = (dir.path / "whole").string();
  train(whole_config);
  resume(dir.path / "run", {"steps=10"});
  auto a = std::dynamic_pointer_cast<DcganImpl>(load(dir.path / "run"));
  auto b = std::dynamic_pointer_cast<DcganImpl>(load(dir.path / "whole"));
  auto pa = a->generator_ema->parameters(), pb = b->generator_ema->parameters();
  for (size_t i = 0; i < pa.size(); ++i) CHECK(torch::allclose(pa[i], pb[i], 1e-5, 1e-6));
}

TEST_CASE("CLI: train --eval-every with a classifier, and eval --samples scores any IDX file", "[quality][cli]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 96, 24);
  auto r = test::run_cli("train-classifier --data-dir tiny --epochs 2 --out clf.pt", dir.path);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("train gan --steps 8 --batch-size 16 --threads 1 --data-dir tiny --out run --eval-every 4 "
                    "--eval-samples 16 --set eval_classifier=clf.pt --set model_options.width=8", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("eval at step 4") && Contains("eval at step 8"));
  const auto lines = eval_lines(dir.path / "run" / "metrics.jsonl");
  REQUIRE(lines.size() == 2);
  for (const char* key : {"eval/fld", "eval/precision", "eval/recall", "eval/class_entropy",
                          "eval/largest_class_share", "eval/raw_fld"}) {
    CAPTURE(key);
    CHECK(lines[0].contains(key));
  }
  CHECK(fs::exists(dir.path / "run" / "best.pt"));
  r = test::run_cli("sample run/best.pt --n 4 --out best.png", dir.path);
  CHECK(r.exit_code == 0);

  r = test::run_cli("sample run --n 30 --format idx --out samples.idx", dir.path);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("eval --samples samples.idx --data tiny --data-dir tiny --classifier clf.pt --n 20 --json",
                    dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.output);
  CHECK(j["samples"]["images"] == 30);
  CHECK(j["floor_train_images"]["images"] == 20);
  CHECK_THAT(j["feature_space"].get<std::string>(), Contains("standardised"));
  r = test::run_cli("eval --samples samples.idx --classifier clf.pt", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("--data"));
  r = test::run_cli("eval run --samples samples.idx --data tiny", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("not both"));
  r = test::run_cli("eval --samples samples.idx --data tiny --data-dir tiny --classifier clf.pt --truncation 1", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("--truncation") && Contains("found 1"));
}
