#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

using namespace genzoo;
using Catch::Matchers::Contains;

TEST_CASE("The registry lists unique names, sorted", "[registry]") {
  auto names = list_models();
  REQUIRE_FALSE(names.empty());
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
  CHECK(model_registry().contains("vae"));
}

TEST_CASE("Every registered model builds, samples the right shape and has no NaN", "[registry]") {
  const auto name = GENERATE(from_range(list_models()));
  CAPTURE(name);
  torch::manual_seed(0);
  const auto& entry = model_registry().find(name);
  CHECK_FALSE(entry.description.empty());
  auto model = make_model(name);
  CHECK(model->registry_name() == name);
  CHECK(model->options_json() == entry.default_options);  // the row's defaults are complete
  auto x = model->sample(4, 7);
  CHECK(x.sizes() == torch::IntArrayRef({4, 1, 28, 28}));
  CHECK(x.device() == torch::Device(torch::kCPU));
  CHECK(torch::isfinite(x).all().item<bool>());
  CHECK(x.min().item<float>() >= 0);
  CHECK(x.max().item<float>() <= 1);
  CHECK(torch::equal(x, model->sample(4, 7)));  // a seed fixes the draw
  const auto& recipe = find_recipe(name);
  auto trainer = recipe.make_trainer(model, recipe.trainer_options);
  CHECK(trainer->options_json() == recipe.trainer_options);
  auto batch = to_float(torch::randint(0, 256, {8, 1, 28, 28}, torch::kUInt8), model->pixel_range());
  for (const auto& [metric, value] : trainer->step(batch, 0)) {
    CAPTURE(metric);
    CHECK(std::isfinite(value));
  }
}

TEST_CASE("A truncated latent stays within the cut, has the truncated normal's variance, and 0 means none",
          "[registry]") {
  auto model = make_model("gan");
  const auto plain = model->sample_latent(2000, 3);
  CHECK(torch::equal(plain, model->sample_latent(2000, 3, 0)));
  for (const double t : {0.5, 1.0, 2.0}) {
    CAPTURE(t);
    const auto z = model->sample_latent(2000, 3, t);  // [2000,latent]
    CHECK(z.sizes() == plain.sizes());
    CHECK(z.scalar_type() == torch::kFloat32);
    CHECK(z.abs().max().item<float>() <= t);
    CHECK(torch::equal(z, model->sample_latent(2000, 3, t)));
    // Var of N(0,1) truncated to [-t,t]: 1 - 2 t phi(t) / (2 Phi(t) - 1).
    const double phi = std::exp(-t * t / 2) / std::sqrt(2 * M_PI);
    const double expected = 1 - 2 * t * phi / std::erf(t / std::sqrt(2.0));
    CHECK(z.var().item<double>() == Approx(expected).epsilon(0.02));
    CHECK(std::abs(z.mean().item<double>()) < 0.01);
  }
  CHECK(model->sample(3, 1, 1.0).sizes() == torch::IntArrayRef({3, 1, 28, 28}));
  CHECK_FALSE(torch::equal(model->sample(3, 1, 0.5), model->sample(3, 1)));
  for (const double bad : {-1.0, 5.5}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH(model->sample_latent(2, 0, bad), Contains("truncation") && Contains("(0, 5]"));
  }
}

TEST_CASE("Duplicate names are rejected and unknown names list the known ones", "[registry]") {
  ModelRegistry registry;
  ModelEntry entry = model_registry().find("vae");
  registry.add(entry);
  CHECK_THROWS_WITH(registry.add(entry), Contains("registry: duplicate name 'vae'"));
  CHECK_THROWS_WITH(model_registry().find("vea"), Contains("unknown model 'vea'") && Contains("vae"));
  CHECK_THROWS_WITH(make_model("vae", {{"colour", true}}), Contains("unknown key 'colour'"));
}

TEST_CASE("EvalScope switches to eval without autograd and restores the mode, also on an exception", "[registry]") {
  auto model = make_model("gan");
  model->train();
  {
    EvalScope scope(*model);
    CHECK_FALSE(model->is_training());
    CHECK_FALSE(torch::GradMode::is_enabled());
  }
  CHECK(model->is_training());
  CHECK(torch::GradMode::is_enabled());
  model->eval();
  CHECK_THROWS_AS(model->generate_cpu(torch::zeros({2, model->latent_size() + 1})), std::exception);
  CHECK_FALSE(model->is_training());  // an eval-mode model stays in eval mode
  model->train();
  CHECK_THROWS_AS(model->generate_cpu(torch::zeros({2, model->latent_size() + 1})), std::exception);
  CHECK(model->is_training());
  CHECK(torch::GradMode::is_enabled());
}

TEST_CASE("Every registered model has a training recipe, and every recipe a model", "[registry]") {
  CHECK(list_recipes() == list_models());
  CHECK_THROWS_WITH(find_recipe("vea"), Contains("unknown model 'vea'") && Contains("vae"));
  for (const auto& name : list_recipes()) {
    CAPTURE(name);
    const auto& recipe = find_recipe(name);
    CHECK(recipe.batch_size > 0);
    CHECK(recipe.steps > 0);
    CHECK(recipe.complete_trainer_options(nlohmann::json::object()) == recipe.trainer_options);  // the defaults are complete
    CHECK_THROWS_WITH(recipe.complete_trainer_options({{"lr", -1.0}}), Contains("lr") && Contains("positive"));
  }
}
