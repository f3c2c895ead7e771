#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace genzoo;
using Catch::Matchers::Contains;

namespace {

torch::Tensor gaussian(int64_t n, const torch::Tensor& mean, const torch::Tensor& scale, uint64_t seed) {
  auto generator = at::detail::createCPUGenerator(seed);
  return torch::randn({n, mean.size(0)}, generator, torch::kFloat64) * scale + mean;
}

}  // namespace

TEST_CASE("The PSD square root of a known matrix squares back and matches the closed form", "[eval]") {
  auto a = torch::tensor({{4.0, 0.0}, {0.0, 9.0}}, torch::kFloat64);
  CHECK(torch::allclose(sqrtm_psd(a), torch::tensor({{2.0, 0.0}, {0.0, 3.0}}, torch::kFloat64)));
  auto b = torch::tensor({{2.0, 1.0}, {1.0, 2.0}}, torch::kFloat64);  // eigenvalues 3 and 1
  auto root = sqrtm_psd(b);
  CHECK(torch::allclose(root.matmul(root), b, 1e-10, 1e-12));
  const double p = (std::sqrt(3.0) + 1) / 2, q = (std::sqrt(3.0) - 1) / 2;
  CHECK(torch::allclose(root, torch::tensor({{p, q}, {q, p}}, torch::kFloat64), 1e-10, 1e-12));
  CHECK_THROWS_WITH(sqrtm_psd(torch::zeros({2, 3})), Contains("square"));
}

TEST_CASE("The Fréchet distance matches the closed form and is ~0 for a set against itself", "[eval]") {
  // Commuting (diagonal) covariances: |mu1-mu2|^2 + sum (sigma1 - sigma2)^2.
  auto m1 = torch::tensor({0.0, 1.0, 2.0}, torch::kFloat64), m2 = torch::tensor({1.0, 1.0, 0.0}, torch::kFloat64);
  auto s1 = torch::tensor({1.0, 2.0, 3.0}, torch::kFloat64), s2 = torch::tensor({2.0, 2.0, 1.0}, torch::kFloat64);
  const double expected = (1 + 0 + 4) + (1 + 0 + 4);
  CHECK(frechet_distance(m1, torch::diag(s1.pow(2)), m2, torch::diag(s2.pow(2))) == Approx(expected).epsilon(1e-9));
  // A full-covariance case: the trace term is tr((C1 C2)^1/2) with C1 = C2 = C, so the distance is |mu1 - mu2|^2.
  auto c = torch::tensor({{2.0, 0.5, 0.1}, {0.5, 1.0, 0.2}, {0.1, 0.2, 0.5}}, torch::kFloat64);
  CHECK(frechet_distance(m1, c, m2, c) == Approx(5.0).epsilon(1e-9));

  auto x = gaussian(2000, m1, s1, 1);
  CHECK(frechet_distance(x, x) == Approx(0).margin(1e-8));
  auto y = gaussian(2000, m2, s2, 2);
  CHECK(frechet_distance(x, y) == Approx(expected).epsilon(0.1));  // sampling error only
}

TEST_CASE("KID is ~0 for samples of one distribution and clearly positive for two", "[eval]") {
  auto mean = torch::zeros({8}, torch::kFloat64), scale = torch::ones({8}, torch::kFloat64);
  auto a = gaussian(1000, mean, scale, 1), b = gaussian(1000, mean, scale, 2);
  auto c = gaussian(1000, mean + 1.0, scale, 3);
  auto same = kernel_inception_distance(a, b, 20, 500);
  auto different = kernel_inception_distance(a, c, 20, 500);
  CHECK(std::abs(same.mean) < 3 * same.std + 1e-3);
  CHECK(different.mean > 10 * std::abs(same.mean) + 0.1);
  CHECK(different.std > 0);
}

TEST_CASE("Precision and recall of a set against itself are 1, a collapsed set has low recall", "[eval]") {
  auto mean = torch::zeros({4}, torch::kFloat64), scale = torch::ones({4}, torch::kFloat64);
  auto real = gaussian(500, mean, scale, 1);
  auto self = precision_recall(real, real, 3);
  CHECK(self.precision == 1.0);
  CHECK(self.recall == 1.0);
  auto collapsed = gaussian(500, mean, scale * 0.05, 2);  // every sample near the mode
  auto pr = precision_recall(collapsed, real, 3);
  CHECK(pr.precision > 0.9);
  CHECK(pr.recall < 0.3);
  CHECK_THROWS_WITH(precision_recall(real.slice(0, 0, 3), real, 3), Contains("at least 4"));
}

TEST_CASE("Class coverage: a histogram, its entropy and the largest class", "[eval]") {
  auto logits = torch::full({4, 10}, -10.0);
  logits[0][3] = 10;
  logits[1][3] = 10;
  logits[2][3] = 10;
  logits[3][7] = 10;
  auto c = class_coverage(logits);
  REQUIRE(c.histogram.size() == 10);
  CHECK(c.histogram[3] == Approx(0.75));
  CHECK(c.histogram[7] == Approx(0.25));
  CHECK(c.largest_class_share == Approx(0.75));
  CHECK(c.entropy_nats == Approx(-(0.75 * std::log(0.75) + 0.25 * std::log(0.25))));
  CHECK(c.mean_confidence == Approx(1.0).epsilon(1e-6));
  CHECK(class_coverage(torch::randn({1000, 10})).entropy_nats > 2.2);
}

TEST_CASE("feature_scale floors a feature that fires on a handful of real images and leaves constant ones at 1",
          "[eval]") {
  // Four ordinary features (std 1..4), one constant, one that is 0 except on 2 of 2,000 images (std ~0.045).
  auto real = gaussian(2000, torch::zeros({6}, torch::kFloat64),
                       torch::tensor({1.0, 2.0, 3.0, 4.0, 0.0, 0.0}, torch::kFloat64), 3);
  real.index_put_({torch::tensor({7, 1500}), 5}, 1.0);
  auto scale = feature_scale(real);
  auto std = real.std(0);
  CHECK(torch::allclose(scale.slice(0, 0, 4), std.slice(0, 0, 4)));
  CHECK(scale[4].item<double>() == 1.0);
  // The median of the 5 varying deviations: the 2nd of 4.
  const double floor = kFeatureStdFloorShare * std.slice(0, 0, 4).median().item<double>();
  CHECK(std[5].item<double>() < 0.05);
  CHECK(scale[5].item<double>() == Approx(floor));

  // Generated features equal to the real ones but with 20 of 2,000 images firing the rare feature: with the floor
  // the Fréchet distance stays small; divided by the feature's own std it would be dominated by those 20 images.
  auto generated = gaussian(2000, torch::zeros({6}, torch::kFloat64),
                            torch::tensor({1.0, 2.0, 3.0, 4.0, 0.0, 0.0}, torch::kFloat64), 4);
  generated.index_put_({torch::arange(20), 5}, 1.0);
  auto mean = real.mean(0);
  const double floored = frechet_distance((generated - mean) / scale, (real - mean) / scale);
  auto own = std.clamp_min(1e-6);
  const double unfloored = frechet_distance((generated - mean) / own, (real - mean) / own);
  CHECK(floored < 0.3);
  CHECK(unfloored > 3);
  CHECK_THROWS_WITH(feature_scale(torch::zeros({1, 3})), Contains("N >= 2"));
  CHECK(kFeatureStdFloorShare == 0.1);  // the scale every shipped score in weights/manifest.json was computed on
  CHECK(feature_scale_description() ==
        "standardised by the test features' mean and std (floored at 0.1x the median std)");
}
