#pragma once
/// Trainer of the GAN family: one discriminator/critic update per step and a generator update every n_critic
/// steps, with the loss named by its options (gan, lsgan or wgan-gp).
///
///   genzoo::GanTrainer trainer(gan, genzoo::GanTrainerOptions().loss("wgan-gp").n_critic(5).lr(1e-4).beta2(0.9));
///   auto metrics = trainer.step(x, step);   // x [B,C,H,W] in [-1,1]
///
/// With lr_decay_end set, the learning rate is a function of the step alone, so a resumed run continues it exactly.
#include "core/json.h"
#include "models/dcgan.h"
#include "optim/adam.h"
#include "trainers/diff_augment.h"
#include "trainers/trainer.h"

#include <torch/arg.h>

#include <memory>
#include <string>

namespace genzoo {

struct GanTrainerOptions {
  /// The fields by name, for JSON (core/json.h).
  template <typename Visit>
  void fields(Visit&& visit) {
    visit("loss", loss());
    visit("lr", lr());
    visit("beta1", beta1());
    visit("beta2", beta2());
    visit("n_critic", n_critic());
    visit("gp_weight", gp_weight());
    visit("label_smoothing", label_smoothing());
    visit("lr_decay_start", lr_decay_start());
    visit("lr_decay_end", lr_decay_end());
    visit("diff_augment", diff_augment());
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "gan trainer options") const;
  /// The learning rate at `step` (0-based) under lr_decay_start/lr_decay_end below.
  double lr_at(int64_t step) const;

  /// "gan" (non-saturating BCE), "lsgan" (least squares, 0-1 coding) or "wgan-gp".
  TORCH_ARG(std::string, loss) = "gan";
  /// Adam's learning rate, for both networks.
  TORCH_ARG(double, lr) = 2e-4;
  /// Adam's first-moment decay.
  TORCH_ARG(double, beta1) = 0.5;
  /// Adam's second-moment decay.
  TORCH_ARG(double, beta2) = 0.999;
  /// Discriminator/critic updates per generator update.
  TORCH_ARG(int64_t, n_critic) = 1;
  /// WGAN-GP's lambda.
  TORCH_ARG(double, gp_weight) = 10.0;
  /// One-sided label smoothing for "gan": real labels become 1 - label_smoothing (0: off).
  TORCH_ARG(double, label_smoothing) = 0.0;
  /// From this step on, both learning rates fall linearly, reaching zero at lr_decay_end (CycleGAN's schedule).
  TORCH_ARG(int64_t, lr_decay_start) = 0;
  /// The step at which the decay reaches zero (steps after it leave the networks as they are); 0: no decay.
  TORCH_ARG(int64_t, lr_decay_end) = 0;
  /// DiffAugment's policy (trainers/diff_augment.h), applied to real and generated images in every pass through
  /// the discriminator/critic: "" (off) or e.g. "color,translation,cutout".
  TORCH_ARG(std::string, diff_augment) = "";
};

class GanTrainer : public Trainer {
 public:
  GanTrainer(std::shared_ptr<DcganImpl> model, const GanTrainerOptions& options = {});

  /// Updates the critic on `batch`; every n_critic-th step also updates the generator and its moving average
  /// (when the model keeps one). Phases (time_phases()): "generate", "critic_update", "generator_update".
  Metrics step(const torch::Tensor& batch, int64_t global_step) override;
  nlohmann::json options_json() const override { return options_to_json(options_); }
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

  /// Updates made so far by this trainer object (not restored from checkpoints; for tests and logs).
  int64_t critic_updates() const { return critic_updates_; }
  int64_t generator_updates() const { return generator_updates_; }

 private:
  enum class Loss { Gan, LeastSquares, WassersteinGp };

  static Loss parse_loss(const GanTrainerOptions& options);
  torch::Tensor generate_fake(int64_t n, const torch::TensorOptions& options, bool with_graph);
  void update_critic(const torch::Tensor& real, const torch::Tensor& fake, NamedScalars& metrics);
  void update_generator(const torch::Tensor& fake, NamedScalars& metrics);
  torch::Tensor critic_loss(const torch::Tensor& real, const torch::Tensor& fake, NamedScalars& metrics);
  torch::Tensor generator_loss(const torch::Tensor& fake_scores) const;
  /// x itself without DiffAugment, else x under the policy with fresh draws.
  torch::Tensor augment(const torch::Tensor& x) const;

  std::shared_ptr<DcganImpl> model_;
  GanTrainerOptions options_;
  Loss loss_;
  std::vector<Augment> augment_policy_;
  FusedAdam generator_optimizer_, critic_optimizer_;
  int64_t critic_updates_ = 0, generator_updates_ = 0;
};

}  // namespace genzoo
