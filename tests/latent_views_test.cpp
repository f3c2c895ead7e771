#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;
using Catch::Matchers::Contains;

namespace {

std::shared_ptr<GenerativeModel> small_model(const std::string& name) {
  if (name == "gan" || name == "lsgan" || name == "wgan-gp") return make_model(name, {{"width", 16}});
  return make_model(name);
}

Dataset tiny_test_set(int64_t n) {
  Dataset d;
  d.name = "tiny";
  d.images = test::tiny_images(n, &d.labels);  // [n,1,28,28] uint8
  return d;
}

bool close(const torch::Tensor& a, const torch::Tensor& b) { return torch::allclose(a, b, 1e-5, 1e-5); }

}  // namespace

TEST_CASE("Interpolation rows start and end at the images decoded from their endpoints", "[views]") {
  const auto name = GENERATE(from_range(list_models()));
  const auto mode = GENERATE(Interpolation::Slerp, Interpolation::Linear);
  CAPTURE(name, mode == Interpolation::Slerp);
  torch::manual_seed(0);
  auto model = small_model(name);
  auto from = model->sample_latent(3, 1), to = model->sample_latent(3, 2);  // [3,latent]
  auto grid = interpolation_grid(*model, from, to, 5, mode);
  CHECK(grid.rows == 3);
  CHECK(grid.cols == 5);
  CHECK(grid.row_labels.size() == 3);
  REQUIRE(grid.images.sizes() == torch::IntArrayRef({15, 1, 28, 28}));
  auto first = model->generate_cpu(from), last = model->generate_cpu(to);  // [3,1,28,28]
  for (int64_t r = 0; r < 3; ++r) {
    CHECK(close(grid.images[r * 5], first[r]));
    CHECK(close(grid.images[r * 5 + 4], last[r]));
    CHECK_FALSE(close(grid.images[r * 5 + 2], first[r]));
  }
}

TEST_CASE("Spherical interpolation keeps the norm of equal-norm endpoints, linear cuts corners", "[views]") {
  auto a = torch::tensor({{3.0f, 0.0f, 0.0f}}), b = torch::tensor({{0.0f, 3.0f, 0.0f}});
  auto slerp = interpolate_latents(a, b, 3, Interpolation::Slerp);    // [3,3]
  auto linear = interpolate_latents(a, b, 3, Interpolation::Linear);  // [3,3]
  CHECK(torch::equal(slerp[0], a[0]));
  CHECK(torch::equal(slerp[2], b[0]));
  CHECK(slerp[1].norm().item<double>() == Approx(3.0));
  CHECK(slerp[1][0].item<double>() == Approx(3.0 / std::sqrt(2.0)));
  CHECK(linear[1].norm().item<double>() == Approx(3.0 / std::sqrt(2.0)));
  // Parallel endpoints have no plane to rotate in: slerp falls back to the straight line.
  auto parallel = interpolate_latents(a, 2 * a, 3, Interpolation::Slerp);
  CHECK(parallel[1][0].item<double>() == Approx(4.5));
  CHECK_THROWS_WITH(interpolate_latents(a, b, 1), Contains("steps") && Contains("at least 2"));
}

TEST_CASE("A VAE traversal has a row per latent dimension, ranked by test KL, centred on the posterior mean",
          "[views]") {
  const auto name = GENERATE(std::string("vae"), std::string("beta-vae"));
  CAPTURE(name);
  torch::manual_seed(0);
  auto model = small_model(name);
  auto& vae = require_variational(*model, "test");
  const auto test = tiny_test_set(24);
  auto grid = traverse(*model, TraverseOptions().image_index(5).range(2).steps(5), &test);
  const auto latent = model->latent_size();
  CHECK(grid.rows == latent);
  CHECK(grid.cols == 5);
  REQUIRE(grid.images.sizes() == torch::IntArrayRef({latent * 5, 1, 28, 28}));
  REQUIRE(grid.row_labels.size() == static_cast<size_t>(latent));

  // Labels name the dimensions in decreasing order of their average test KL.
  auto kl = latent_kl_per_dim(vae, test);
  auto order = std::get<1>(kl.sort(/*dim=*/0, /*descending=*/true));
  CHECK_THAT(grid.row_labels[0], Contains("z" + std::to_string(order[0].item<int64_t>() ) + " "));
  CHECK_THAT(grid.row_labels[latent - 1], Contains("z" + std::to_string(order[latent - 1].item<int64_t>()) + " "));

  // The middle column (offset 0) of every row is the reconstruction of the chosen test image.
  auto recon = vae.reconstruct(to_float(test.images.slice(0, 5, 6), PixelRange::ZeroOne)).detach();  // [1,1,28,28]
  for (int64_t r = 0; r < latent; ++r) CHECK(close(grid.images[r * 5 + 2], recon[0]));
  CHECK_THROWS_WITH(traverse(*model, TraverseOptions().image_index(24), &test),
                    Contains("image_index") && Contains("0..23") && Contains("24"));
  CHECK_THROWS_WITH(traverse(*model, TraverseOptions(), nullptr), Contains("test images"));
}

TEST_CASE("A GAN traversal sweeps random directions and says so", "[views]") {
  torch::manual_seed(0);
  auto model = small_model("gan");
  auto grid = traverse(*model, TraverseOptions().rows(4).steps(6).seed(3));
  CHECK(grid.rows == 4);
  CHECK(grid.cols == 6);
  CHECK(grid.images.size(0) == 24);
  CHECK_THAT(grid.note, Contains("random unit direction"));
  CHECK_FALSE(close(grid.images[0], grid.images[5]));  // the sweep moves the image
  CHECK(close(traverse(*model, TraverseOptions().rows(4).steps(6).seed(3)).images, grid.images));
}

TEST_CASE("Average KL per dimension, active units, and the reconstruction grid", "[views]") {
  torch::manual_seed(0);
  auto model = small_model("vae");
  auto& vae = require_variational(*model, "test");
  const auto test = tiny_test_set(20);
  auto x = to_float(test.images, PixelRange::ZeroOne);  // [20,1,28,28]

  // The analytic KL does not depend on the sampled z, so it matches the training loss's per-dimension KL.
  vae.eval();
  auto kl = latent_kl_per_dim(vae, test, /*batch_size=*/7);
  auto expected = elbo_loss(vae.forward(x), x).kl_per_dim.to(torch::kFloat64).detach();
  CHECK(torch::allclose(kl, expected, 1e-4, 1e-6));
  CHECK(active_units(torch::tensor({0.005, 0.02, 1.0, 0.0}, torch::kFloat64)) == 2);

  auto grid = reconstruction_grid(vae, x.slice(0, 0, 10), /*cols=*/4);
  CHECK(grid.rows == 6);  // 3 rows of inputs, each with a row of reconstructions
  CHECK(grid.cols == 4);
  REQUIRE(grid.images.size(0) == 24);
  auto recon = vae.reconstruct(x.slice(0, 0, 10)).detach();
  CHECK(torch::equal(grid.images.slice(0, 0, 4), x.slice(0, 0, 4)));
  CHECK(close(grid.images.slice(0, 4, 8), recon.slice(0, 0, 4)));
  CHECK(close(grid.images.slice(0, 20, 22), recon.slice(0, 8, 10)));
  CHECK(grid.images.slice(0, 22, 24).abs().sum().item<double>() == 0);  // unused slots stay blank

  auto gan = small_model("wgan-gp");
  CHECK_THROWS_WITH(require_variational(*gan, "reconstruct"),
                    Contains("reconstruct") && Contains("wgan-gp") && Contains("encoder"));
}
