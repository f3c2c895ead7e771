#include "trainers/gan_trainer.h"

#include "models/options_json.h"
#include "trainers/adam.h"
#include "trainers/gan_losses.h"

#include <torch/torch.h>

namespace genzoo {
namespace {

constexpr const char* kContext = "gan trainer options";

// Parameters of the network not being updated need no gradients: skips their weight-gradient kernels.
class FrozenParameters {
 public:
  explicit FrozenParameters(torch::nn::Module& module) : params_(module.parameters()) {
    for (auto& p : params_) p.requires_grad_(false);
  }
  ~FrozenParameters() {
    for (auto& p : params_) p.requires_grad_(true);
  }

 private:
  std::vector<torch::Tensor> params_;
};

}  // namespace

nlohmann::json GanTrainerOptions::to_json() const {
  return {{"loss", loss()},         {"lr", lr()},
          {"beta1", beta1()},       {"beta2", beta2()},
          {"n_critic", n_critic()}, {"gp_weight", gp_weight()},
          {"label_smoothing", label_smoothing()}};
}

GanTrainerOptions GanTrainerOptions::from_json(const nlohmann::json& j) {
  GanTrainerOptions o;
  JsonReader(j, kContext)
      .read("loss", o.loss())
      .read("lr", o.lr())
      .read("beta1", o.beta1())
      .read("beta2", o.beta2())
      .read("n_critic", o.n_critic())
      .read("gp_weight", o.gp_weight())
      .read("label_smoothing", o.label_smoothing())
      .finish();
  return o;
}

GanTrainer::GanTrainer(std::shared_ptr<DcganImpl> model, const GanTrainerOptions& options)
    : model_(std::move(model)),
      options_(options),
      generator_optimizer_(model_->generator->parameters(),
                           adam_options(options.lr(), options.beta1(), options.beta2(), kContext)),
      critic_optimizer_(model_->critic->parameters(),
                        adam_options(options.lr(), options.beta1(), options.beta2(), kContext)) {
  const auto& loss = options.loss();
  require(loss == "gan" || loss == "lsgan" || loss == "wgan-gp", kContext, "loss", "\"gan\", \"lsgan\" or \"wgan-gp\"",
          "\"" + loss + "\"");
  require(options.n_critic() >= 1, kContext, "n_critic", "an integer >= 1", std::to_string(options.n_critic()));
  require(options.gp_weight() >= 0, kContext, "gp_weight", "a number >= 0", std::to_string(options.gp_weight()));
  require(options.label_smoothing() >= 0 && options.label_smoothing() < 0.5, kContext, "label_smoothing",
          "a number in [0, 0.5)", std::to_string(options.label_smoothing()));
  if (loss == "wgan-gp") {
    require(model_->options.critic_norm() != "batch", kContext, "loss",
            "a critic without BatchNorm for wgan-gp (its per-sample gradient penalty forbids it)",
            "critic_norm \"batch\"");
  }
}

torch::Tensor GanTrainer::critic_loss(const torch::Tensor& real, const torch::Tensor& fake, NamedScalars& metrics) {
  auto real_scores = model_->critic->forward(real);  // [B]
  auto fake_scores = model_->critic->forward(fake);  // [B]
  const auto& loss = options_.loss();
  if (loss == "gan") {
    auto d = bce_discriminator_loss(real_scores, fake_scores, 1.0 - options_.label_smoothing());
    metrics.emplace_back("d_loss", d.detach());
    metrics.emplace_back("d_real", torch::sigmoid(real_scores).mean().detach());
    metrics.emplace_back("d_fake", torch::sigmoid(fake_scores).mean().detach());
    return d;
  }
  if (loss == "lsgan") {
    auto d = ls_discriminator_loss(real_scores, fake_scores);
    metrics.emplace_back("d_loss", d.detach());
    metrics.emplace_back("d_real", real_scores.mean().detach());
    metrics.emplace_back("d_fake", fake_scores.mean().detach());
    return d;
  }
  auto alpha = torch::rand({real.size(0), 1, 1, 1}, real.options());  // [B,1,1,1], U[0,1] per sample
  auto gp = gradient_penalty([&](const torch::Tensor& x) { return model_->critic->forward(x); }, real, fake, alpha,
                             options_.gp_weight());
  auto w = wgan_critic_loss(real_scores, fake_scores);
  auto d = w + gp;
  metrics.emplace_back("critic_loss", d.detach());
  metrics.emplace_back("wasserstein", -w.detach());
  metrics.emplace_back("gp", gp.detach());
  return d;
}

torch::Tensor GanTrainer::generator_loss(const torch::Tensor& fake_scores) const {
  const auto& loss = options_.loss();
  if (loss == "gan") return bce_generator_loss(fake_scores);
  if (loss == "lsgan") return ls_generator_loss(fake_scores);
  return wgan_generator_loss(fake_scores);
}

torch::Tensor GanTrainer::generate_fake(int64_t n, const torch::TensorOptions& options, bool with_graph) {
  auto z = torch::randn({n, model_->latent_size()}, options);  // [n,latent]
  if (with_graph) return model_->generator->forward(z);        // [n,1,28,28]
  torch::NoGradGuard no_grad;  // a critic-only step needs no generator graph
  return model_->generator->forward(z);
}

void GanTrainer::update_critic(const torch::Tensor& real, const torch::Tensor& fake, NamedScalars& metrics) {
  auto d = critic_loss(real, fake.detach(), metrics);
  critic_optimizer_.zero_grad();
  d.backward();
  critic_optimizer_.step();
  ++critic_updates_;
}

void GanTrainer::update_generator(const torch::Tensor& fake, NamedScalars& metrics) {
  FrozenParameters frozen(*model_->critic);
  auto g = generator_loss(model_->critic->forward(fake));
  generator_optimizer_.zero_grad();
  g.backward();
  generator_optimizer_.step();
  ++generator_updates_;
  metrics.emplace_back("g_loss", g.detach());
}

Metrics GanTrainer::step(const torch::Tensor& real, int64_t global_step) {
  model_->train();
  const bool generator_turn = (global_step + 1) % options_.n_critic() == 0;
  // On a generator turn one G(z) serves both updates, as in pytorch/examples' DCGAN.
  auto fake = generate_fake(real.size(0), real.options(), generator_turn);  // [B,1,28,28]
  NamedScalars metrics;
  update_critic(real, fake, metrics);
  if (generator_turn) update_generator(fake, metrics);
  return read_metrics(metrics);
}

void GanTrainer::save(torch::serialize::OutputArchive& archive) const {
  write_adam(archive, "generator_adam", generator_optimizer_);
  write_adam(archive, "critic_adam", critic_optimizer_);
}

void GanTrainer::load(torch::serialize::InputArchive& archive) {
  read_adam(archive, "generator_adam", generator_optimizer_);
  read_adam(archive, "critic_adam", critic_optimizer_);
}

}  // namespace genzoo
