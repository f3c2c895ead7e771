#pragma once
/// The convolutional β-VAE of Higgins et al. 2017 / Burgess et al. 2018 for 28x28 images, Bernoulli decoder.
///
///   genzoo::BetaVae h(genzoo::BetaVaeOptions().beta(4));                            // recon + β·KL
///   genzoo::BetaVae b(genzoo::BetaVaeOptions().objective("B").gamma(1000).c_max(25)); // recon + γ·|KL − C(step)|
///   auto loss = b->objective(b->forward(x), x, step);                               // x [B,1,28,28] in [0,1]
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
    visit("objective", objective());
    visit("beta", beta());
    visit("gamma", gamma());
    visit("c_max", c_max());
    visit("capacity_steps", capacity_steps());
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "beta-vae options") const;

  /// Size of the latent code z.
  TORCH_ARG(int64_t, latent) = 10;
  /// "H": reconstruction + beta·KL (Higgins et al. 2017). "B": reconstruction + gamma·|KL − C|, the capacity C
  /// rising linearly from 0 to c_max over capacity_steps training steps (Burgess et al. 2018).
  TORCH_ARG(std::string, objective) = "H";
  /// Weight of the KL term of objective "H".
  TORCH_ARG(double, beta) = 4.0;
  /// Weight of |KL − C| in objective "B".
  TORCH_ARG(double, gamma) = 1000.0;
  /// The capacity C reached at capacity_steps, in nats.
  TORCH_ARG(double, c_max) = 25.0;
  /// Steps over which C rises; the paper used 100,000 on dSprites, 10,000 suits MNIST-sized runs.
  TORCH_ARG(int64_t, capacity_steps) = 10000;
};

class BetaVaeImpl : public VariationalModel {
 public:
  explicit BetaVaeImpl(const BetaVaeOptions& options = {});

  VaeEncoding encode(const torch::Tensor& x) override;
  torch::Tensor decode(const torch::Tensor& z) override;
  /// The β- or capacity-weighted objective at training step `step`; evaluation uses elbo_loss() instead.
  VaeLoss objective(const VaeOutput& out, const torch::Tensor& x, int64_t step) override;
  Metrics objective_state(int64_t step) const override;

  /// C at a training step: c_max·min(1, step/capacity_steps). A pure function of the step, so evaluation and
  /// resumed runs never move it.
  double capacity(int64_t step) const;

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
