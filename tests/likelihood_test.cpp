#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;

TEST_CASE("The importance-weighted bound is never looser than the ELBO, and equals it at k = 1", "[eval][vae]") {
  const auto name = GENERATE(std::string("vae"), std::string("beta-vae"));
  CAPTURE(name);
  torch::manual_seed(0);
  auto model = make_model(name);
  auto& vae = require_variational(*model, "test");
  auto x = to_float(test::tiny_images(6), PixelRange::ZeroOne);  // [6,1,28,28]

  auto log_w = log_importance_weights(vae, x, 200, 1);  // [6,200]
  REQUIRE(log_w.sizes() == torch::IntArrayRef({6, 200}));
  auto iw = -(torch::logsumexp(log_w, 1) - std::log(200.0));  // [6]
  auto elbo = -log_w.mean(1);                                 // [6]
  CHECK(torch::all(iw <= elbo + 1e-9).item<bool>());

  // The Monte Carlo ELBO agrees with the trainer's negative ELBO (sampled reconstruction, analytic KL).
  vae.eval();
  auto bounds = likelihood_bounds(vae, x, LikelihoodOptions().k(2000).seed(3));
  const double trainer_nelbo = [&] {
    torch::NoGradGuard no_grad;
    double sum = 0;
    for (int i = 0; i < 200; ++i) sum += elbo_loss(vae.forward(x), x).loss.item<double>();
    return sum / 200;
  }();
  CHECK(bounds.nelbo == Approx(trainer_nelbo).epsilon(0.01));
  CHECK(bounds.iw_nll <= bounds.nelbo);

  auto one = likelihood_bounds(vae, x, LikelihoodOptions().k(1).seed(5));
  CHECK(one.iw_nll == Approx(one.nelbo).epsilon(1e-12));
  CHECK(one.images == 6);
}
