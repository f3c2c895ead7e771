#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace genzoo;

namespace {
double softplus(double x) { return std::log1p(std::exp(x)); }
}  // namespace

TEST_CASE("Each GAN loss on fixed logits equals the hand-computed value", "[gan]") {
  auto real = torch::tensor({0.0f, 2.0f});
  auto fake = torch::tensor({-1.0f, 0.0f});
  // BCE with logits: target 1 costs softplus(-x), target 0 costs softplus(x).
  const double d_bce = (softplus(0) + softplus(-2)) / 2 + (softplus(-1) + softplus(0)) / 2;
  CHECK(bce_discriminator_loss(real, fake).item<double>() == Approx(d_bce).epsilon(1e-6));
  CHECK(bce_generator_loss(fake).item<double>() == Approx((softplus(1) + softplus(0)) / 2).epsilon(1e-6));
  // One-sided smoothing: real target 0.9 costs 0.9*softplus(-x) + 0.1*softplus(x).
  const double smoothed = (0.9 * softplus(0) + 0.1 * softplus(0) + 0.9 * softplus(-2) + 0.1 * softplus(2)) / 2 +
                          (softplus(-1) + softplus(0)) / 2;
  CHECK(bce_discriminator_loss(real, fake, 0.9).item<double>() == Approx(smoothed).epsilon(1e-6));
  // LSGAN: 1/2 mean((r-1)^2) + 1/2 mean(f^2) = 1/2 * 1 + 1/2 * 0.5; G: 1/2 mean((f-1)^2) = 1/2 * 2.5.
  CHECK(ls_discriminator_loss(real, fake).item<double>() == Approx(0.75));
  CHECK(ls_generator_loss(fake).item<double>() == Approx(1.25));
  // WGAN: mean(f) - mean(r) = -0.5 - 1; G: -mean(f).
  CHECK(wgan_critic_loss(real, fake).item<double>() == Approx(-1.5));
  CHECK(wgan_generator_loss(fake).item<double>() == Approx(0.5));
}

TEST_CASE("The gradient penalty of a linear critic is lambda*(|w|-1)^2 and its gradient reaches w", "[gan]") {
  torch::manual_seed(0);
  auto w = (torch::randn({784}) * 0.1).requires_grad_(true);
  auto b = torch::tensor(0.3f, torch::requires_grad());
  auto critic = [&](const torch::Tensor& x) { return x.reshape({x.size(0), -1}).matmul(w) + b; };  // [B]
  auto real = torch::rand({5, 1, 28, 28}) * 2 - 1;
  auto fake = torch::rand({5, 1, 28, 28}) * 2 - 1;
  auto alpha = torch::rand({5, 1, 1, 1});
  auto gp = gradient_penalty(critic, real, fake, alpha, 10.0);

  const double norm = w.detach().norm().item<double>();
  CHECK(gp.item<double>() == Approx(10.0 * (norm - 1) * (norm - 1)).epsilon(1e-5));
  gp.backward();  // double backward: through the input gradient into w
  REQUIRE(w.grad().defined());
  auto expected = 2 * 10.0 * (norm - 1) * w.detach() / norm;
  CHECK(torch::allclose(w.grad(), expected, 1e-4, 1e-6));
}
