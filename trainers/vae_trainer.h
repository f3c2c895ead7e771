#pragma once
/// Trainer of the VAE family: Adam on an objective of the ELBO's parts: the negative ELBO, β-VAE's recon + β·KL
/// (Higgins et al. 2017, objective "H") or recon + γ·|KL − C| with the capacity C rising over training (Burgess
/// et al. 2018, objective "B"). The objective is a training hyperparameter, so a resume may change it.
///
///   genzoo::VaeTrainer trainer(vae, genzoo::VaeTrainerOptions().lr(1e-3).objective("H").beta(4));
///   auto metrics = trainer.step(x, step);   // loss, recon, kl, beta
#include "core/json.h"
#include "models/variational_model.h"
#include "optim/adam.h"
#include "trainers/trainer.h"

#include <torch/arg.h>

#include <memory>
#include <string>

namespace genzoo {

struct VaeTrainerOptions {
  /// The fields by name, for JSON (core/json.h).
  template <typename Visit>
  void fields(Visit&& visit) {
    visit("lr", lr());
    visit("beta1", beta1());
    visit("beta2", beta2());
    visit("objective", objective());
    visit("beta", beta());
    visit("gamma", gamma());
    visit("c_max", c_max());
    visit("capacity_steps", capacity_steps());
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "vae trainer options") const;

  /// Adam's learning rate.
  TORCH_ARG(double, lr) = 1e-3;
  /// Adam's first-moment decay.
  TORCH_ARG(double, beta1) = 0.9;
  /// Adam's second-moment decay.
  TORCH_ARG(double, beta2) = 0.999;
  /// "elbo": the negative ELBO. "H": reconstruction + beta·KL. "B": reconstruction + gamma·|KL − C|, the capacity C
  /// rising linearly from 0 to c_max over capacity_steps training steps.
  TORCH_ARG(std::string, objective) = "elbo";
  /// Weight of the KL term of objective "H".
  TORCH_ARG(double, beta) = 4.0;
  /// Weight of |KL − C| in objective "B".
  TORCH_ARG(double, gamma) = 1000.0;
  /// The capacity C reached at capacity_steps, in nats.
  TORCH_ARG(double, c_max) = 25.0;
  /// Steps over which C rises; the paper used 100,000 on dSprites, 10,000 suits MNIST-sized runs.
  TORCH_ARG(int64_t, capacity_steps) = 10000;

 public:  // TORCH_ARG leaves what follows private
  /// C at a training step: c_max·min(1, step/capacity_steps). A pure function of the step, so evaluation and
  /// resumed runs never move it.
  double capacity(int64_t step) const;
  /// The objective of the ELBO's parts at a training step (parts.loss replaced), and its schedule for the logs.
  VaeLoss objective_of(VaeLoss parts, int64_t step) const;
  Metrics schedule(int64_t step) const;
};

class VaeTrainer : public Trainer {
 public:
  VaeTrainer(std::shared_ptr<VariationalModel> model, const VaeTrainerOptions& options = {});

  Metrics step(const torch::Tensor& batch, int64_t global_step) override;
  /// Test-set numbers: the negative ELBO and its parts, whatever objective the model trains with.
  Metrics evaluate(const torch::Tensor& batch) override;
  nlohmann::json options_json() const override { return options_to_json(options_); }
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  std::shared_ptr<VariationalModel> model_;
  VaeTrainerOptions options_;
  FusedAdam optimizer_;
};

}  // namespace genzoo
