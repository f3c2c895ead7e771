#pragma once
/// Trainer of the VAE family: Adam on the model's own objective (negative ELBO for the plain VAE).
///
///   genzoo::VaeTrainer trainer(vae, genzoo::VaeTrainerOptions().lr(1e-3));
///   auto metrics = trainer.step(x, step);   // loss, recon, kl
#include "models/variational_model.h"
#include "trainers/trainer.h"

#include <torch/arg.h>
#include <torch/optim/adam.h>

#include <memory>

namespace genzoo {

struct VaeTrainerOptions {
  nlohmann::json to_json() const;
  static VaeTrainerOptions from_json(const nlohmann::json& j);

  TORCH_ARG(double, lr) = 1e-3;
  TORCH_ARG(double, beta1) = 0.9;
  TORCH_ARG(double, beta2) = 0.999;
};

class VaeTrainer : public Trainer {
 public:
  VaeTrainer(std::shared_ptr<VariationalModel> model, const VaeTrainerOptions& options = {});

  Metrics step(const torch::Tensor& batch, int64_t global_step) override;
  /// Test-set numbers: the negative ELBO and its parts, whatever objective the model trains with.
  Metrics evaluate(const torch::Tensor& batch) override;
  nlohmann::json options_json() const override { return options_.to_json(); }
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  std::shared_ptr<VariationalModel> model_;
  VaeTrainerOptions options_;
  torch::optim::Adam optimizer_;
};

}  // namespace genzoo
