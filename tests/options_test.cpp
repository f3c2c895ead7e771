#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;
using Catch::Matchers::Contains;

TEST_CASE("Options round-trip through JSON", "[options]") {
  auto o = options_from_json<VaeOptions>(options_to_json(VaeOptions().hidden(256).latent(8)), "vae options");
  CHECK(o.hidden() == 256);
  CHECK(o.latent() == 8);
  auto t = options_from_json<VaeTrainerOptions>({{"lr", 3e-4}}, "vae trainer options");
  CHECK(t.lr() == Approx(3e-4));
  CHECK(t.beta1() == Approx(0.9));  // missing keys keep their defaults
}

TEST_CASE("Unknown keys and wrong types are errors naming the key", "[options]") {
  CHECK_THROWS_WITH(options_from_json<VaeOptions>({{"hiden", 10}}, "vae options"),
                    Contains("vae options") && Contains("unknown key 'hiden'") && Contains("hidden"));
  CHECK_THROWS_WITH(options_from_json<VaeOptions>({{"latent", "big"}}, "vae options"),
                    Contains("key 'latent'") && Contains("expected integer") && Contains("found string"));
  CHECK_THROWS_WITH(options_from_json<VaeOptions>({{"latent", 2.5}}, "vae options"), Contains("key 'latent'"));
  // Values are checked where the module is built, as in LibTorch.
  CHECK_THROWS_WITH(make_model("vae", {{"latent", 0}}), Contains("latent") && Contains("positive"));
  CHECK_THROWS_WITH(VaeTrainer(std::make_shared<VaeImpl>(), VaeTrainerOptions().lr(-1)),
                    Contains("vae trainer options") && Contains("lr"));
  CHECK_THROWS_WITH(TrainConfig::from_json({{"seed", -3}}), Contains("key 'seed'") && Contains("non-negative"));
}

TEST_CASE("apply_set reaches into objects and parses JSON values", "[options]") {
  nlohmann::json j = {{"epochs", 1}, {"trainer_options", {{"lr", 1e-3}}}};
  apply_set(j, "trainer_options.lr=3e-4");
  apply_set(j, "epochs=5");
  apply_set(j, "data=fashion-mnist");
  CHECK(j["trainer_options"]["lr"].get<double>() == Approx(3e-4));
  CHECK(j["epochs"].get<int>() == 5);
  CHECK(j["data"] == "fashion-mnist");
  CHECK_THROWS_WITH(apply_set(j, "epochs"), Contains("expected key=value"));
  CHECK_THROWS_WITH(apply_set(j, "epochs.x=1"), Contains("'epochs' is not an object"));
}

TEST_CASE("A resolved config is complete and validated against the registry", "[options]") {
  auto c = resolve_train_config("vae", {{"epochs", 2}}, {"model_options.latent=8", "out_dir=x"});
  CHECK(c.epochs == 2);
  CHECK(c.model_options["latent"] == 8);
  CHECK(c.model_options["hidden"] == 400);
  CHECK(c.trainer_options.contains("lr"));
  CHECK(c.out_dir == "x");
  CHECK(TrainConfig::from_json(c.to_json()).to_json() == c.to_json());
  CHECK_THROWS_WITH(resolve_train_config("vae", {}, {"bogus=1"}), Contains("unknown key 'bogus'"));
  CHECK_THROWS_WITH(resolve_train_config("vae", {}, {"model_options.depth=3"}),
                    Contains("vae options") && Contains("unknown key 'depth'"));
  CHECK_THROWS_WITH(resolve_train_config("nope"), Contains("unknown model 'nope'") && Contains("vae"));
}

TEST_CASE("A recipe's step budget is the default; asking for epochs (flag, --set or file) replaces it", "[options]") {
  CHECK(resolve_train_config("gan").steps == find_recipe("gan").steps);
  CHECK(find_recipe("gan").steps == 16000);
  CHECK(find_recipe("lsgan").steps == 16000);
  CHECK(find_recipe("wgan-gp").steps == 20000);
  CHECK(resolve_train_config("gan", {{"epochs", 3}}).steps == 0);
  CHECK(resolve_train_config("gan", {}, {"epochs=3"}).steps == 0);
  TrainOverrides flags;
  flags.epochs = 3;
  CHECK(resolve_train_config("gan", {}, {}, flags).steps == 0);
  CHECK(resolve_train_config("gan", {{"epochs", 3}}, {"steps=50"}).steps == 50);
  CHECK(resolve_train_config("vae").steps == find_recipe("vae").steps);
}

TEST_CASE("Every config in configs/ resolves against the registry", "[options]") {
  int configs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(GENZOO_SOURCE_DIR "/configs")) {
    INFO(entry.path().string());
    auto file = read_json_file(entry.path());
    auto c = resolve_train_config(file.at("model").get<std::string>(), file);
    CHECK(c.data == file.at("data").get<std::string>());
    ++configs;
  }
  CHECK(configs >= 2);
  // gan.fashion-mnist's schedule: the recipe with both learning rates decaying to zero over its last 4,000 steps.
  auto gan = read_json_file(GENZOO_SOURCE_DIR "/configs/gan-fashion-mnist.json");
  auto options = options_from_json<GanTrainerOptions>(resolve_train_config("gan", gan).trainer_options, "gan");
  CHECK(options.lr_at(11999) == options.lr());
  CHECK(options.lr_at(16000) == 0);
}

TEST_CASE("Resume applies the same budget rule: --set epochs=N replaces the run's step budget", "[options][cli][plain-build]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  auto r = test::run_cli("train vae --steps 4 --batch-size 16 --threads 1 --data-dir tiny --out run", dir.path);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("train --resume run --set epochs=3", dir.path);  // 4 steps an epoch: 12 in all
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto config = read_json_file(dir.path / "run" / "config.json");
  CHECK(config["steps"] == 0);
  CHECK(config["epochs"] == 3);
  CHECK(TrainingCheckpoint(dir.path / "run" / "checkpoint.pt").step() == 12);
}
