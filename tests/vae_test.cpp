#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace genzoo;

TEST_CASE("VAE output shapes", "[vae]") {
  torch::manual_seed(0);
  Vae vae(VaeOptions().latent(7));
  auto x = torch::rand({5, 1, 28, 28});
  auto out = vae->forward(x);
  CHECK(out.recon_logits.sizes() == torch::IntArrayRef({5, 1, 28, 28}));
  CHECK(out.mean.sizes() == torch::IntArrayRef({5, 7}));
  CHECK(out.logvar.sizes() == torch::IntArrayRef({5, 7}));
  auto q = vae->encode(x);
  CHECK(q.mean.sizes() == torch::IntArrayRef({5, 7}));
  CHECK(vae->decode(q.mean).sizes() == torch::IntArrayRef({5, 1, 28, 28}));
  auto r = vae->reconstruct(x);
  CHECK(r.min().item<float>() >= 0);
  CHECK(r.max().item<float>() <= 1);
  auto s = vae->sample(3, 1);
  CHECK(s.sizes() == torch::IntArrayRef({3, 1, 28, 28}));
  CHECK(vae->parameter_count() == (784 * 400 + 400) + 2 * (400 * 7 + 7) + (7 * 400 + 400) + (400 * 784 + 784));
}

TEST_CASE("The negative ELBO on a fixed input equals the hand-computed value", "[vae]") {
  // Two images, two latent dimensions. Logits 0 give BCE = log 2 per pixel whatever x is;
  // logits 2 on x = 1 give log(1 + e^-2). KL per image = 0.5 * sum(mu^2 + exp(lv) - 1 - lv).
  VaeOutput out;
  out.recon_logits = torch::zeros({2, 1, 28, 28});
  out.recon_logits[1].fill_(2.0);
  out.mean = torch::tensor({{0.0f, 0.0f}, {1.0f, -2.0f}});
  out.logvar = torch::tensor({{0.0f, std::log(2.0f)}, {0.0f, 0.0f}});
  auto x = torch::zeros({2, 1, 28, 28});
  x[0].fill_(0.25);
  x[1].fill_(1.0);
  auto loss = elbo_loss(out, x);
  const double recon = (784 * std::log(2.0) + 784 * std::log1p(std::exp(-2.0))) / 2;
  const double kl = (0.5 * (2 - 1 - std::log(2.0)) + 0.5 * (1 + 4)) / 2;
  CHECK(loss.recon.item<double>() == Approx(recon).epsilon(1e-5));
  CHECK(loss.kl.item<double>() == Approx(kl).epsilon(1e-5));
  CHECK(loss.loss.item<double>() == Approx(recon + kl).epsilon(1e-5));
}

TEST_CASE("200 VAE steps on real Fashion-MNIST lower the training loss by a clear margin", "[vae][real-data]") {
  configure_threads(0);
  torch::manual_seed(0);
  auto train = load_dataset("fashion-mnist", Split::Train, test::fashion_mnist_dir());
  auto vae = std::make_shared<VaeImpl>();
  VaeTrainer trainer(vae);
  BatchSampler sampler(train.size(), 128, 0);
  double first = 0, last = 0;
  for (int64_t step = 0; step < 200; ++step) {
    auto x = to_float(train.images.index_select(0, sampler.indices(0, step)), PixelRange::ZeroOne);
    const double loss = trainer.step(x, step).front().second;
    REQUIRE(std::isfinite(loss));
    if (step < 10) first += loss / 10;
    if (step >= 190) last += loss / 10;
  }
  INFO("mean loss of the first 10 steps " << first << ", of the last 10 " << last);
  CHECK(first > 400);        // about 784*log 2 = 543 at the start
  CHECK(last < 0.7 * first);  // about 290 after 200 steps
}
