#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace genzoo;
using Catch::Matchers::Contains;

TEST_CASE("β-VAE shapes", "[beta-vae]") {
  torch::manual_seed(0);
  BetaVae model(BetaVaeOptions().latent(6));
  auto x = torch::rand({3, 1, 28, 28});
  auto q = model->encode(x);
  CHECK(q.mean.sizes() == torch::IntArrayRef({3, 6}));
  CHECK(q.logvar.sizes() == torch::IntArrayRef({3, 6}));
  CHECK(model->decode(q.mean).sizes() == torch::IntArrayRef({3, 1, 28, 28}));
  CHECK(model->forward(x).recon_logits.sizes() == torch::IntArrayRef({3, 1, 28, 28}));
  CHECK(model->sample(5, 0).sizes() == torch::IntArrayRef({5, 1, 28, 28}));
}

TEST_CASE("With β = 1 the β-VAE objective equals the plain VAE objective", "[beta-vae]") {
  torch::manual_seed(0);
  BetaVae model;
  auto x = torch::rand({4, 1, 28, 28});
  auto out = model->forward(x);
  const auto plain = elbo_loss(out, x);
  auto beta_loss = VaeTrainerOptions().objective("H").beta(1.0).objective_of(plain, 123);
  CHECK(beta_loss.loss.item<double>() == Approx(plain.loss.item<double>()).epsilon(1e-6));
  auto weighted = VaeTrainerOptions().objective("H").beta(4.0).objective_of(plain, 0);
  CHECK(weighted.loss.item<double>() ==
        Approx(plain.recon.item<double>() + 4 * plain.kl.item<double>()).epsilon(1e-6));
  CHECK(VaeTrainerOptions().objective_of(plain, 0).loss.item<double>() == Approx(plain.loss.item<double>()));
  CHECK(plain.kl_per_dim.sum().item<double>() == Approx(plain.kl.item<double>()).epsilon(1e-6));
}

TEST_CASE("The capacity C rises linearly to c_max on training steps only", "[beta-vae]") {
  const auto options = VaeTrainerOptions().objective("B").c_max(25).capacity_steps(1000).gamma(10);
  CHECK(options.capacity(0) == 0);
  CHECK(options.capacity(500) == Approx(12.5));
  CHECK(options.capacity(1000) == Approx(25));
  CHECK(options.capacity(5000) == Approx(25));

  auto model = std::make_shared<BetaVaeImpl>();
  auto x = torch::rand({4, 1, 28, 28});
  auto parts = elbo_loss(model->forward(x), x);
  CHECK(options.objective_of(parts, 500).loss.item<double>() ==
        Approx(parts.recon.item<double>() + 10 * std::abs(parts.kl.item<double>() - 12.5)).epsilon(1e-6));

  VaeTrainer trainer(model, options);
  auto capacity_at = [&](int64_t step) {
    for (const auto& [name, value] : trainer.step(x, step)) {
      if (name == "capacity") return value;
    }
    return -1.0;
  };
  CHECK(capacity_at(500) == Approx(12.5));
  for (int i = 0; i < 3; ++i) trainer.evaluate(x);  // evaluation never moves the schedule
  CHECK(capacity_at(500) == Approx(12.5));
  CHECK(capacity_at(501) == Approx(12.525));
  CHECK_THROWS_WITH(resolve_train_config("beta-vae", {}, {"trainer_options.objective=\"C\""}),
                    Contains("objective") && Contains("\"C\""));
}

TEST_CASE("The β-VAE's objective is a trainer option; files that kept it in the model options still work",
          "[beta-vae]") {
  const nlohmann::json network = {{"latent", 10}, {"channels", 1}, {"image_size", 28}};
  CHECK(make_model("beta-vae")->options_json() == network);
  CHECK(find_recipe("beta-vae").trainer_options["objective"] == "H");
  CHECK(find_recipe("beta-vae").trainer_options["beta"] == 4.0);
  // An earlier version's model options: the network ignores the moved keys ...
  const nlohmann::json old = {{"latent", 10}, {"objective", "B"}, {"beta", 4}, {"gamma", 100},
                              {"c_max", 25}, {"capacity_steps", 500}};
  CHECK(make_model("beta-vae", old)->options_json() == network);
  // ... and a config or checkpoint holding them trains with them, as the trainer's.
  auto c = resolve_train_config("beta-vae", {{"model_options", old}});
  CHECK(c.model_options == network);
  CHECK(c.trainer_options["objective"] == "B");
  CHECK(c.trainer_options["gamma"] == 100);
  CHECK(c.trainer_options["capacity_steps"] == 500);
}

TEST_CASE("β-VAE trains on real data, logs per-dimension KL, and reloads exactly", "[beta-vae][real-data]") {
  test::TempDir dir;
  auto config = resolve_train_config("beta-vae", {}, {"steps=50", "batch_size=64", "train_subset=640",
                                                      "log_every=25"});
  config.data = "fashion-mnist";
  config.data_dir = test::fashion_mnist_dir().string();
  config.out_dir = (dir.path / "run").string();
  CHECK(train(config).step == 50);  // a NaN/Inf loss would throw
  auto info = model_info(open_model(dir.path / "run"));
  const auto& metrics = info["metrics"];
  CHECK(metrics.contains("test/kl/9"));
  CHECK(metrics.contains("train/beta"));
  CHECK(std::isfinite(metrics["test/nelbo"].get<double>()));

  auto a = std::dynamic_pointer_cast<VariationalModel>(load(dir.path / "run"));
  auto b = std::dynamic_pointer_cast<VariationalModel>(load(dir.path / "run"));
  REQUIRE(a);
  auto x = to_float(load_dataset("fashion-mnist", Split::Test, test::fashion_mnist_dir()).images.slice(0, 0, 8),
                    PixelRange::ZeroOne);
  torch::NoGradGuard no_grad;
  CHECK(torch::equal(a->reconstruct(x), b->reconstruct(x)));
}
