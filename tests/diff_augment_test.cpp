#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;
using Catch::Matchers::Contains;

namespace {

// A draw that gives every image the same row `values`.
UniformDraw fixed_draw(std::vector<float> values, int64_t batch) {
  return [values, batch](int64_t cols) {
    REQUIRE(cols == static_cast<int64_t>(values.size()));
    return torch::tensor(values).unsqueeze(0).expand({batch, cols}).clone();  // [B,cols]
  };
}

torch::Tensor ramp(int64_t channels, int64_t side) {
  return torch::arange(channels * side * side, torch::kFloat).view({1, channels, side, side}) / (channels * side * side);
}

}  // namespace

TEST_CASE("DiffAugment's policy is parsed strictly", "[gan][diffaugment]") {
  CHECK(parse_diff_augment("", "t").empty());
  CHECK((parse_diff_augment("color,translation,cutout", "t") ==
         std::vector<Augment>{Augment::Color, Augment::Translation, Augment::Cutout}));
  CHECK(diff_augment_draws(parse_diff_augment("cutout,color", "t")) == 5);
  for (const std::string bad : {"colour", "color,", ",color", "color,,cutout", "cutout,cutout", "Color"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH(parse_diff_augment(bad, "gan trainer options"),
                      Contains("gan trainer options: diff_augment: expected") && Contains("\"" + bad + "\""));
  }
  CHECK_THROWS_WITH(GanTrainerOptions().diff_augment("flip").validate(), Contains("diff_augment"));
}

TEST_CASE("DiffAugment's transforms on known draws", "[gan][diffaugment]") {
  const auto x = ramp(3, 32);  // [1,3,32,32]
  SECTION("middle draws leave colour as it is; the top of brightness adds 0.5") {
    CHECK(torch::allclose(diff_augment(x, {Augment::Color}, fixed_draw({0.5f, 0.5f, 0.5f}, 1)), x, 1e-5, 1e-6));
    auto brighter = diff_augment(x, {Augment::Color}, fixed_draw({1.0f, 0.5f, 0.5f}, 1));
    CHECK(torch::allclose(brighter, x + 0.5, 1e-5, 1e-6));
    auto gray = diff_augment(x, {Augment::Color}, fixed_draw({0.5f, 0.0f, 0.5f}, 1));  // saturation 0
    CHECK(torch::allclose(gray.select(1, 0), gray.select(1, 2)));
  }
  SECTION("translation shifts whole rows and columns and fills with zeros") {
    // reach 4 at 32 px: shift = floor(u * 9) - 4, so u 0.6 is +1 and u 0.5 is 0.
    auto down = diff_augment(x, {Augment::Translation}, fixed_draw({0.6f, 0.5f}, 1));
    CHECK(torch::equal(down.narrow(2, 1, 31), x.narrow(2, 0, 31)));
    CHECK(torch::equal(down.narrow(2, 0, 1), torch::zeros({1, 3, 1, 32})));
    auto left = diff_augment(x, {Augment::Translation}, fixed_draw({0.5f, 0.0f}, 1));  // -4 columns
    CHECK(torch::equal(left.narrow(3, 0, 28), x.narrow(3, 4, 28)));
    CHECK(left.narrow(3, 28, 4).abs().sum().item<float>() == 0);
  }
  SECTION("cutout zeroes one square of half the side, clipped at the border") {
    auto ones = torch::ones({1, 3, 32, 32});
    auto centred = diff_augment(ones, {Augment::Cutout}, fixed_draw({0.5f, 0.5f}, 1));
    CHECK((centred == 0).sum().item<int64_t>() == 3 * 16 * 16);
    CHECK(centred.narrow(2, 8, 16).narrow(3, 8, 16).abs().sum().item<float>() == 0);
    auto corner = diff_augment(ones, {Augment::Cutout}, fixed_draw({0.0f, 0.0f}, 1));
    CHECK((corner == 0).sum().item<int64_t>() == 3 * 8 * 8);
  }
}

TEST_CASE("DiffAugment keeps shapes, draws per image and passes gradients", "[gan][diffaugment]") {
  torch::manual_seed(0);
  const auto policy = parse_diff_augment("color,translation,cutout", "t");
  for (int64_t side : {28, 32, 64}) {
    CAPTURE(side);
    auto x = (torch::rand({4, 3, side, side}) * 2 - 1).requires_grad_(true);
    auto y = diff_augment(x, policy, [](int64_t cols) { return torch::rand({4, cols}); });
    REQUIRE(y.sizes() == x.sizes());
    CHECK_FALSE(torch::equal(y[0], y[1]));
    y.sum().backward();
    CHECK(x.grad().abs().sum().item<float>() > 0);
    auto xc = x.detach().clone().requires_grad_(true);
    diff_augment(xc, {Augment::Cutout}, [](int64_t cols) { return torch::rand({4, cols}); }).sum().backward();
    CHECK((xc.grad() == 0).any().item<bool>());  // pixels cut out get no gradient
  }
  auto x = torch::rand({2, 1, 28, 28});
  CHECK(diff_augment(x, {}, nullptr).is_same(x));
}

TEST_CASE("A GAN trainer with DiffAugment trains a 32-px RGB model and draws differently", "[gan][diffaugment]") {
  auto make = [] {
    torch::manual_seed(0);
    return std::dynamic_pointer_cast<DcganImpl>(make_model("gan", {{"width", 16}, {"channels", 3}, {"image_size", 32}}));
  };
  auto plain = make(), augmented = make();
  GanTrainer plain_trainer(plain, GanTrainerOptions());
  GanTrainer augmented_trainer(augmented, GanTrainerOptions().diff_augment("color,translation,cutout"));
  auto real = torch::rand({8, 3, 32, 32}) * 2 - 1;
  torch::manual_seed(1);
  plain_trainer.step(real, 0);
  torch::manual_seed(1);
  augmented_trainer.step(real, 0);
  CHECK(augmented_trainer.generator_updates() == 1);
  CHECK_FALSE(torch::equal(plain->generator->parameters()[0], augmented->generator->parameters()[0]));
  CHECK(augmented_trainer.options_json().at("diff_augment") == "color,translation,cutout");
  CHECK_THROWS_WITH(GanTrainer(make(), GanTrainerOptions().diff_augment("zoom")), Contains("diff_augment"));
}
