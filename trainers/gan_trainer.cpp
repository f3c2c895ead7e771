#include "trainers/gan_trainer.h"

#include "optim/adam.h"
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

void GanTrainerOptions::validate(const std::string& context) const {
  require(loss() == "gan" || loss() == "lsgan" || loss() == "wgan-gp", context, "loss",
          "\"gan\", \"lsgan\" or \"wgan-gp\"", "\"" + loss() + "\"");
  validate_adam(lr(), beta1(), beta2(), context);
  require(n_critic() >= 1, context, "n_critic", "an integer >= 1", std::to_string(n_critic()));
  require(gp_weight() >= 0, context, "gp_weight", "a number >= 0", format_number(gp_weight()));
  require(label_smoothing() >= 0 && label_smoothing() < 0.5, context, "label_smoothing", "a number in [0, 0.5)",
          format_number(label_smoothing()));
  require(lr_decay_start() >= 0, context, "lr_decay_start", "a step >= 0", std::to_string(lr_decay_start()));
  require(lr_decay_end() >= 0, context, "lr_decay_end", "a step >= 0 (0: no decay)", std::to_string(lr_decay_end()));
  require(lr_decay_end() == 0 || lr_decay_start() < lr_decay_end(), context, "lr_decay_start",
          "a step before lr_decay_end, or lr_decay_end 0 (no decay)",
          std::to_string(lr_decay_start()) + " with lr_decay_end " + std::to_string(lr_decay_end()));
  parse_diff_augment(diff_augment(), context);
}

double GanTrainerOptions::lr_at(int64_t step) const {
  if (lr_decay_end() == 0 || step < lr_decay_start()) return lr();
  const double left = static_cast<double>(std::max<int64_t>(lr_decay_end() - step, 0));
  return lr() * left / static_cast<double>(lr_decay_end() - lr_decay_start());
}

GanTrainer::Loss GanTrainer::parse_loss(const GanTrainerOptions& options) {
  options.validate(kContext);
  if (options.loss() == "lsgan") return Loss::LeastSquares;
  if (options.loss() == "wgan-gp") return Loss::WassersteinGp;
  return Loss::Gan;
}

GanTrainer::GanTrainer(std::shared_ptr<DcganImpl> model, const GanTrainerOptions& options)
    : model_(std::move(model)),
      options_(options),
      loss_(parse_loss(options)),
      augment_policy_(parse_diff_augment(options.diff_augment(), kContext)),
      generator_optimizer_(model_->generator->parameters(), adam_options(options.lr(), options.beta1(), options.beta2())),
      critic_optimizer_(model_->critic->parameters(), adam_options(options.lr(), options.beta1(), options.beta2())) {
  if (loss_ == Loss::WassersteinGp) {
    require(model_->options.critic_norm_kind() != CriticNorm::Batch, kContext, "loss",
            "a critic without BatchNorm for wgan-gp (its per-sample gradient penalty forbids it)",
            "critic_norm \"batch\"");
  }
}

torch::Tensor GanTrainer::augment(const torch::Tensor& x) const {
  if (augment_policy_.empty()) return x;
  return diff_augment(x, augment_policy_, [&](int64_t cols) {
    return draw_noise(x.size(0), [&](int64_t n) { return torch::rand({n, cols}, x.options()); });  // [B,cols]
  });
}

torch::Tensor GanTrainer::critic_loss(const torch::Tensor& real_images, const torch::Tensor& fake_images,
                                      NamedScalars& metrics) {
  const auto real = augment(real_images), fake = augment(fake_images);
  auto real_scores = model_->critic->forward(real);  // [B]
  auto fake_scores = model_->critic->forward(fake);  // [B]
  if (loss_ == Loss::Gan) {
    auto d = bce_discriminator_loss(real_scores, fake_scores, 1.0 - options_.label_smoothing());
    metrics.emplace_back("d_loss", d.detach());
    metrics.emplace_back("d_real", torch::sigmoid(real_scores).mean().detach());
    metrics.emplace_back("d_fake", torch::sigmoid(fake_scores).mean().detach());
    return d;
  }
  if (loss_ == Loss::LeastSquares) {
    auto d = ls_discriminator_loss(real_scores, fake_scores);
    metrics.emplace_back("d_loss", d.detach());
    metrics.emplace_back("d_real", real_scores.mean().detach());
    metrics.emplace_back("d_fake", fake_scores.mean().detach());
    return d;
  }
  auto alpha = draw_noise(real.size(0), [&](int64_t n) {
    return torch::rand({n, 1, 1, 1}, real.options());  // [B,1,1,1], U[0,1] per sample
  });
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
  switch (loss_) {
    case Loss::Gan: return bce_generator_loss(fake_scores);
    case Loss::LeastSquares: return ls_generator_loss(fake_scores);
    case Loss::WassersteinGp: break;
  }
  return wgan_generator_loss(fake_scores);
}

torch::Tensor GanTrainer::generate_fake(int64_t n, const torch::TensorOptions& options, bool with_graph) {
  auto z = draw_noise(n, [&](int64_t m) { return torch::randn({m, model_->latent_size()}, options); });  // [n,latent]
  if (with_graph) return model_->generator->forward(z);        // [n,C,H,W]
  torch::NoGradGuard no_grad;  // a critic-only step needs no generator graph
  return model_->generator->forward(z);
}

void GanTrainer::update_critic(const torch::Tensor& real, const torch::Tensor& fake, NamedScalars& metrics) {
  auto d = critic_loss(real, fake.detach(), metrics);
  critic_optimizer_.clear_grads();
  d.backward();
  sync_gradients(model_->critic->parameters(), real.size(0));
  critic_optimizer_.step();
  ++critic_updates_;
}

void GanTrainer::update_generator(const torch::Tensor& fake, NamedScalars& metrics) {
  FrozenParameters frozen(*model_->critic);
  auto g = generator_loss(model_->critic->forward(augment(fake)));
  generator_optimizer_.clear_grads();
  g.backward();
  sync_gradients(model_->generator->parameters(), fake.size(0));
  generator_optimizer_.step();
  ++generator_updates_;
  metrics.emplace_back("g_loss", g.detach());
}

Metrics GanTrainer::step(const torch::Tensor& real, int64_t global_step) {
  model_->train();
  const bool generator_turn = (global_step + 1) % options_.n_critic() == 0;
  NamedScalars metrics;
  if (options_.lr_decay_end() > 0) {
    const double lr = options_.lr_at(global_step);
    set_adam_lr(critic_optimizer_, lr);
    set_adam_lr(generator_optimizer_, lr);
    metrics.emplace_back("lr", torch::tensor(lr));
  }
  torch::Tensor fake;
  {
    auto timed = phase("generate");
    // On a generator turn one G(z) serves both updates, as in pytorch/examples' DCGAN.
    fake = generate_fake(real.size(0), real.options(), generator_turn);  // [B,C,H,W]
  }
  {
    auto timed = phase("critic_update");
    update_critic(real, fake, metrics);
  }
  if (generator_turn) {
    auto timed = phase("generator_update");
    update_generator(fake, metrics);
    // The count of generator updates is a function of the step, so a resumed run continues the warm-up exactly.
    model_->update_ema((global_step + 1) / options_.n_critic());
  }
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
