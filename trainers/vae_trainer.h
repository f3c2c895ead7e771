#pragma once
/// Trainer of the VAE family: Adam on the model's own objective (negative ELBO for the plain VAE).
///
///   genzoo::VaeTrainer trainer(vae, genzoo::VaeTrainerOptions().lr(1e-3));
///   auto metrics = trainer.step(x, step);   // loss, recon, kl
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
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "vae trainer options") const;

  /// Adam's learning rate.
  TORCH_ARG(double, lr) = 1e-3;
  /// Adam's first-moment decay.
  TORCH_ARG(double, beta1) = 0.9;
  /// Adam's second-moment decay.
  TORCH_ARG(double, beta2) = 0.999;
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
