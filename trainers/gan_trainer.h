#pragma once
/// Trainer of the GAN family: one discriminator/critic update per step and a generator update every n_critic
/// steps, with the loss named by its options (gan, lsgan or wgan-gp).
///
///   genzoo::GanTrainer trainer(gan, genzoo::GanTrainerOptions().loss("wgan-gp").n_critic(5).lr(1e-4).beta2(0.9));
///   auto metrics = trainer.step(x, step);   // x [B,1,28,28] in [-1,1]
#include "models/dcgan.h"
#include "trainers/trainer.h"

#include <torch/arg.h>
#include <torch/optim/adam.h>

#include <memory>
#include <string>

namespace genzoo {

struct GanTrainerOptions {
  nlohmann::json to_json() const;
  static GanTrainerOptions from_json(const nlohmann::json& j);

  /// "gan" (non-saturating BCE), "lsgan" (least squares, 0-1 coding) or "wgan-gp".
  TORCH_ARG(std::string, loss) = "gan";
  TORCH_ARG(double, lr) = 2e-4;
  TORCH_ARG(double, beta1) = 0.5;
  TORCH_ARG(double, beta2) = 0.999;
  /// Discriminator/critic updates per generator update.
  TORCH_ARG(int64_t, n_critic) = 1;
  /// WGAN-GP's lambda.
  TORCH_ARG(double, gp_weight) = 10.0;
  /// One-sided label smoothing for "gan": real labels become 1 - label_smoothing (0: off).
  TORCH_ARG(double, label_smoothing) = 0.0;
};

class GanTrainer : public Trainer {
 public:
  GanTrainer(std::shared_ptr<DcganImpl> model, const GanTrainerOptions& options = {});

  /// Updates the critic on `batch`; every n_critic-th step also updates the generator.
  Metrics step(const torch::Tensor& batch, int64_t global_step) override;
  nlohmann::json options_json() const override { return options_.to_json(); }
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

  /// The parts of step(), in order. fake = G(z) for n fresh z [n,1,28,28]; with_graph keeps G's graph for a
  /// generator update.
  torch::Tensor generate_fake(int64_t n, const torch::TensorOptions& options, bool with_graph);
  /// One optimiser step of the critic on real vs fake (fake is detached); only the critic's parameters change.
  void update_critic(const torch::Tensor& real, const torch::Tensor& fake, NamedScalars& metrics);
  /// One optimiser step of the generator through the critic; only the generator's parameters change.
  void update_generator(const torch::Tensor& fake, NamedScalars& metrics);

  /// Updates made so far by this trainer object (not restored from checkpoints; for tests and logs).
  int64_t critic_updates() const { return critic_updates_; }
  int64_t generator_updates() const { return generator_updates_; }

 private:
  torch::Tensor critic_loss(const torch::Tensor& real, const torch::Tensor& fake, NamedScalars& metrics);
  torch::Tensor generator_loss(const torch::Tensor& fake_scores) const;

  std::shared_ptr<DcganImpl> model_;
  GanTrainerOptions options_;
  torch::optim::Adam generator_optimizer_, critic_optimizer_;
  int64_t critic_updates_ = 0, generator_updates_ = 0;
};

}  // namespace genzoo
