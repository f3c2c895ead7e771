#pragma once
/// The convolutional β-VAE of Higgins et al. 2017 / Burgess et al. 2018 for 28x28 images, Bernoulli decoder.
///
/// The objective it trains with (β·KL, or Burgess et al.'s capacity schedule) is the trainer's (trainers/vae_trainer.h).
///
///   genzoo::BetaVae model(genzoo::BetaVaeOptions().latent(10));
///   auto out = model->forward(x);                                                   // x [B,1,28,28] in [0,1]
#include "core/json.h"
#include "models/variational_model.h"

#include <torch/arg.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <string>

namespace genzoo {

struct BetaVaeOptions {
  /// The fields by name, for JSON (core/json.h).
  template <typename Visit>
  void fields(Visit&& visit) {
    visit("latent", latent());
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "beta-vae options") const;

  /// Size of the latent code z.
  TORCH_ARG(int64_t, latent) = 10;
};

class BetaVaeImpl : public VariationalModel {
 public:
  explicit BetaVaeImpl(const BetaVaeOptions& options = {});

  VaeEncoding encode(const torch::Tensor& x) override;
  torch::Tensor decode(const torch::Tensor& z) override;
  int64_t latent_size() const override { return options.latent(); }
  nlohmann::json options_json() const override { return options_to_json(options); }

  BetaVaeOptions options;

 private:
  torch::Tensor up(torch::nn::ConvTranspose2d& layer, const torch::Tensor& x);

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr};
  torch::nn::ConvTranspose2d deconv1{nullptr}, deconv2{nullptr};
};
TORCH_MODULE(BetaVae);

}  // namespace genzoo
