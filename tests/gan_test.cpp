#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::vector<torch::Tensor> snapshot(const torch::nn::Module& m) {
  std::vector<torch::Tensor> out;
  for (const auto& p : m.parameters()) out.push_back(p.detach().clone());
  return out;
}

bool unchanged(const torch::nn::Module& m, const std::vector<torch::Tensor>& before) {
  auto now = m.parameters();
  for (size_t i = 0; i < now.size(); ++i) {
    if (!torch::equal(now[i], before[i])) return false;
  }
  return true;
}

std::shared_ptr<DcganImpl> small_dcgan(const std::string& name) {
  return std::dynamic_pointer_cast<DcganImpl>(make_model(name, {{"width", 16}}));
}

GanTrainerOptions recipe_options(const std::string& name) {
  return options_from_json<GanTrainerOptions>(find_recipe(name).trainer_options, name);
}

std::unique_ptr<GanTrainer> trainer_for(const std::string& name, std::shared_ptr<DcganImpl> model) {
  return std::make_unique<GanTrainer>(model, recipe_options(name));
}

}  // namespace

TEST_CASE("DCGAN shapes, ranges and initialisation", "[gan]") {
  torch::manual_seed(0);
  auto gan = small_dcgan("gan");
  auto z = gan->sample_latent(6, 0);
  CHECK(z.sizes() == torch::IntArrayRef({6, 100}));
  auto fake = gan->generator->forward(z);
  CHECK(fake.sizes() == torch::IntArrayRef({6, 1, 28, 28}));
  CHECK(fake.abs().max().item<float>() <= 1);
  CHECK(gan->critic->forward(fake).sizes() == torch::IntArrayRef({6}));
  auto s = gan->sample(6, 0);
  CHECK(s.min().item<float>() >= 0);
  CHECK(s.max().item<float>() <= 1);
  CHECK(gan->pixel_range() == PixelRange::MinusOneOne);
  auto std = make_model("gan")->named_parameters()["generator.deconv2.weight"].std().item<double>();
  CHECK(std == Approx(0.02).epsilon(0.05));
  CHECK(make_model("gan")->named_parameters()["critic.norm2.bias"].abs().max().item<double>() == 0);
}

TEST_CASE("The wgan-gp critic has no BatchNorm, and wgan-gp refuses a critic with one", "[gan]") {
  auto wgan = std::dynamic_pointer_cast<DcganImpl>(make_model("wgan-gp"));
  for (const auto& m : wgan->critic->modules()) CHECK(m->as<torch::nn::BatchNorm2d>() == nullptr);
  int batch_norms = 0;
  for (const auto& m : std::dynamic_pointer_cast<DcganImpl>(make_model("gan"))->critic->modules()) {
    batch_norms += m->as<torch::nn::BatchNorm2d>() != nullptr;
  }
  CHECK(batch_norms == 2);
  auto with_bn = std::dynamic_pointer_cast<DcganImpl>(make_model("wgan-gp", {{"critic_norm", "batch"}}));
  CHECK_THROWS_WITH(trainer_for("wgan-gp", with_bn), Contains("critic without BatchNorm"));
  CHECK_THROWS_WITH(make_model("gan", {{"critic_norm", "group"}}), Contains("critic_norm") && Contains("group"));
}

TEST_CASE("A critic update changes only the critic, a generator update only the generator", "[gan]") {
  const auto name = GENERATE(std::string("gan"), std::string("lsgan"), std::string("wgan-gp"));
  CAPTURE(name);
  // Two identical models: step 0 is a critic-only step for `model` (n_critic 2) and a critic + generator step for
  // `both` (n_critic 1), from the same random stream.
  torch::manual_seed(0);
  auto model = small_dcgan(name);
  torch::manual_seed(0);
  auto both = small_dcgan(name);
  GanTrainer trainer(model, recipe_options(name).n_critic(2)), both_trainer(both, recipe_options(name).n_critic(1));
  auto real = torch::rand({8, 1, 28, 28}) * 2 - 1;

  auto g0 = snapshot(*model->generator), d0 = snapshot(*model->critic);
  torch::manual_seed(1);
  trainer.step(real, 0);
  CHECK(unchanged(*model->generator, g0));
  CHECK_FALSE(unchanged(*model->critic, d0));

  auto d1 = snapshot(*model->critic);
  torch::manual_seed(1);
  both_trainer.step(real, 0);
  CHECK(unchanged(*both->critic, d1));  // the generator update left the critic as the critic update made it
  CHECK_FALSE(unchanged(*both->generator, g0));
  for (const auto& p : both->critic->parameters()) CHECK(p.requires_grad());  // unfrozen again
}

TEST_CASE("wgan-gp makes exactly n_critic critic updates per generator update", "[gan]") {
  torch::manual_seed(0);
  auto model = small_dcgan("wgan-gp");
  auto trainer = std::make_unique<GanTrainer>(model, recipe_options("wgan-gp").n_critic(5));  // the paper's 5
  auto real = torch::rand({8, 1, 28, 28}) * 2 - 1;
  std::vector<int64_t> generator_steps;
  for (int64_t step = 0; step < 10; ++step) {
    auto g = snapshot(*model->generator);
    auto metrics = trainer->step(real, step);
    if (!unchanged(*model->generator, g)) generator_steps.push_back(step);
    bool has_gp = false;
    for (const auto& [name, value] : metrics) has_gp |= name == "gp";
    CHECK(has_gp);
  }
  CHECK(trainer->critic_updates() == 10);
  CHECK(trainer->generator_updates() == 2);
  CHECK(generator_steps == std::vector<int64_t>{4, 9});
}

TEST_CASE("The learning-rate decay falls linearly to zero and then leaves both networks as they are", "[gan]") {
  auto options = recipe_options("gan").lr(2e-4).lr_decay_start(10).lr_decay_end(20);
  CHECK(options.lr_at(0) == 2e-4);
  CHECK(options.lr_at(10) == 2e-4);
  CHECK(options.lr_at(15) == Approx(1e-4));
  CHECK(options.lr_at(20) == 0);
  CHECK(options.lr_at(30) == 0);
  CHECK(recipe_options("gan").lr_at(1'000'000) == recipe_options("gan").lr());  // off by default
  CHECK_THROWS_WITH(recipe_options("gan").lr_decay_start(20).lr_decay_end(20).validate(),
                    Contains("lr_decay_start") && Contains("20 with lr_decay_end 20"));
  CHECK_THROWS_WITH(recipe_options("gan").lr_decay_end(-1).validate(), Contains("lr_decay_end"));
  CHECK_THROWS_WITH(recipe_options("gan").lr_decay_start(-1).validate(), Contains("lr_decay_start"));  // even off

  torch::manual_seed(0);
  auto model = small_dcgan("gan");
  GanTrainer trainer(model, recipe_options("gan").lr_decay_start(0).lr_decay_end(2));
  auto real = torch::rand({8, 1, 28, 28}) * 2 - 1;
  auto lr_of = [](const Metrics& metrics) {
    for (const auto& [name, value] : metrics) {
      if (name == "lr") return value;
    }
    return -1.0;
  };
  CHECK(lr_of(trainer.step(real, 0)) == Approx(2e-4));
  CHECK(lr_of(trainer.step(real, 1)) == Approx(1e-4));
  auto g = snapshot(*model->generator), d = snapshot(*model->critic);
  CHECK(lr_of(trainer.step(real, 2)) == 0);
  CHECK(unchanged(*model->generator, g));
  CHECK(unchanged(*model->critic, d));
}

TEST_CASE("gan, lsgan and wgan-gp train on real data, save, load and resume", "[gan][real-data]") {
  const auto name = GENERATE(std::string("gan"), std::string("lsgan"), std::string("wgan-gp"));
  CAPTURE(name);
  test::TempDir dir;
  auto config = resolve_train_config(name, {}, {"steps=30", "batch_size=32", "train_subset=320", "log_every=10",
                                                "grid_n=16", "model_options.width=32"});
  config.data = "fashion-mnist";
  config.data_dir = test::fashion_mnist_dir().string();
  config.out_dir = (dir.path / "run").string();
  auto outcome = train(config);  // a NaN/Inf loss would throw here
  CHECK(outcome.step == 30);
  CHECK(test::png_size(dir.path / "run" / "samples.png").width == 8 * 30 + 2);
  CHECK(fs::exists(dir.path / "run" / "samples" / "epoch_003.png"));

  auto a = load(dir.path / "run"), b = load(dir.path / "run");
  CHECK(a->registry_name() == name);
  auto x = a->sample(8, 5);
  CHECK(torch::isfinite(x).all().item<bool>());
  CHECK(torch::equal(x, b->sample(8, 5)));

  CHECK(resume(dir.path / "run", {"steps=35"}).step == 35);
  CHECK(model_info(open_model(dir.path / "run"))["state"]["step"] == 35);
}

TEST_CASE("A GAN checkpoint round-trips both networks exactly", "[gan][checkpoint]") {
  test::TempDir dir;
  torch::manual_seed(0);
  auto model = small_dcgan("lsgan");
  auto trainer = trainer_for("lsgan", model);
  trainer->step(torch::rand({8, 1, 28, 28}) * 2 - 1, 0);  // moves weights and BatchNorm statistics
  torch::serialize::OutputArchive archive;
  write_meta(archive, {{"model", "lsgan"}, {"model_options", model->options_json()}});
  write_module_state(archive, "model", *model);
  save_archive(archive, dir.path / "gan.pt");
  auto loaded = load(dir.path / "gan.pt");
  CHECK(torch::equal(loaded->sample(8, 2), model->sample(8, 2)));
  auto named = loaded->named_buffers();
  CHECK(torch::equal(named["generator.bn1.running_mean"], model->named_buffers()["generator.bn1.running_mean"]));
}
