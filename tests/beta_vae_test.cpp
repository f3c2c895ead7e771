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
  BetaVae model(BetaVaeOptions().beta(1.0));
  auto x = torch::rand({4, 1, 28, 28});
  auto out = model->forward(x);
  auto beta_loss = model->objective(out, x, 123);
  auto plain = elbo_loss(out, x);
  CHECK(beta_loss.loss.item<double>() == Approx(plain.loss.item<double>()).epsilon(1e-6));
  BetaVae four(BetaVaeOptions().beta(4.0));
  auto weighted = four->objective(out, x, 0);
  CHECK(weighted.loss.item<double>() ==
        Approx(plain.recon.item<double>() + 4 * plain.kl.item<double>()).epsilon(1e-6));
  CHECK(plain.kl_per_dim.sum().item<double>() == Approx(plain.kl.item<double>()).epsilon(1e-6));
}

TEST_CASE("The capacity C rises linearly to c_max on training steps only", "[beta-vae]") {
  auto options = BetaVaeOptions().objective("B").c_max(25).capacity_steps(1000).gamma(10);
  auto model = std::make_shared<BetaVaeImpl>(options);
  CHECK(model->capacity(0) == 0);
  CHECK(model->capacity(500) == Approx(12.5));
  CHECK(model->capacity(1000) == Approx(25));
  CHECK(model->capacity(5000) == Approx(25));

  auto x = torch::rand({4, 1, 28, 28});
  auto out = model->forward(x);
  auto parts = elbo_loss(out, x);
  CHECK(model->objective(out, x, 500).loss.item<double>() ==
        Approx(parts.recon.item<double>() + 10 * std::abs(parts.kl.item<double>() - 12.5)).epsilon(1e-6));

  VaeTrainer trainer(model);
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
  CHECK_THROWS_WITH(make_model("beta-vae", {{"objective", "C"}}), Contains("objective") && Contains("\"C\""));
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
