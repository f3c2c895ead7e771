#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;
namespace F = torch::nn::functional;

TEST_CASE("conv_transpose2d_via_conv matches nn::ConvTranspose2d forward and backward", "[transposed-conv]") {
  struct Case {
    int64_t cin, cout, k, s, p, h;
  };
  // The four layers of the DCGAN generator: 1 -> 4 -> 7 -> 14 -> 28.
  const auto c = GENERATE(Case{12, 8, 4, 1, 0, 1}, Case{8, 6, 3, 2, 1, 4}, Case{6, 4, 4, 2, 1, 7},
                          Case{4, 1, 4, 2, 1, 14});
  CAPTURE(c.cin, c.cout, c.k, c.s, c.p, c.h);
  torch::manual_seed(0);
  auto x = torch::randn({3, c.cin, c.h, c.h}, torch::requires_grad());
  auto w = torch::randn({c.cin, c.cout, c.k, c.k}, torch::requires_grad());
  auto x2 = x.detach().clone().requires_grad_(true);
  auto w2 = w.detach().clone().requires_grad_(true);

  auto expected = F::conv_transpose2d(x, w, F::ConvTranspose2dFuncOptions().stride(c.s).padding(c.p));
  auto actual = conv_transpose2d_via_conv(x2, w2, c.s, c.p);
  REQUIRE(actual.sizes() == expected.sizes());
  CHECK(torch::allclose(actual, expected, 1e-4, 1e-5));

  auto g = torch::randn_like(expected);
  (expected * g).sum().backward();
  (actual * g).sum().backward();
  CHECK(torch::allclose(x2.grad(), x.grad(), 1e-4, 1e-4));
  CHECK(torch::allclose(w2.grad(), w.grad(), 1e-4, 1e-4));
}

TEST_CASE("The DCGAN generator computes the same images with either transposed convolution", "[transposed-conv]") {
  torch::manual_seed(1);
  auto fast = make_model("gan");
  auto native = make_model("gan", {{"kernels", "native"}});
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < fast->parameters().size(); ++i) native->parameters()[i].copy_(fast->parameters()[i]);
  CHECK(torch::allclose(fast->sample(8, 3), native->sample(8, 3), 1e-4, 1e-5));
}
