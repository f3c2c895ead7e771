#pragma once
/// The VAE of pytorch/examples `vae/main.py`: a 784-400-20 MLP encoder and a 20-400-784 decoder with ReLU.
///
///   genzoo::Vae vae(genzoo::VaeOptions().latent(20));
///   auto out = vae->forward(x);   // VaeOutput{recon_logits [B,1,28,28], mean, logvar [B,20]}
///   auto images = vae->sample(64, /*seed=*/0);
#include "models/variational_model.h"

#include <torch/arg.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace genzoo {

struct VaeOptions {
  nlohmann::json to_json() const;
  /// Strict: unknown keys and wrong types are errors.
  static VaeOptions from_json(const nlohmann::json& j);

  TORCH_ARG(int64_t, hidden) = 400;
  TORCH_ARG(int64_t, latent) = 20;
};

class VaeImpl : public VariationalModel {
 public:
  explicit VaeImpl(const VaeOptions& options = {});

  VaeEncoding encode(const torch::Tensor& x) override;
  torch::Tensor decode(const torch::Tensor& z) override;

  int64_t latent_size() const override { return options.latent(); }
  nlohmann::json options_json() const override { return options.to_json(); }

  VaeOptions options;

 private:
  torch::nn::Linear fc1{nullptr}, fc21{nullptr}, fc22{nullptr}, fc3{nullptr}, fc4{nullptr};
};
TORCH_MODULE(Vae);

}  // namespace genzoo
