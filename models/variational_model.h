#pragma once
/// Shared interface of the VAE family: an encoder to a diagonal Gaussian and a Bernoulli decoder on logits.
///
///   auto out = vae->forward(x);                        // x [B,C,H,W] in [0,1]
///   auto loss = genzoo::elbo_loss(out, x);             // loss.loss is the negative ELBO per image
///   auto x_hat = vae->reconstruct(x);                  // [B,C,H,W] in [0,1]
#include "models/generative_model.h"

#include <torch/types.h>

namespace genzoo {

struct VaeEncoding {
  torch::Tensor mean;    // [B,latent]
  torch::Tensor logvar;  // [B,latent]
};

struct VaeOutput {
  torch::Tensor recon_logits;  // [B,C,H,W]
  torch::Tensor mean;          // [B,latent]
  torch::Tensor logvar;        // [B,latent]
};

/// Parts of a VAE objective, each averaged over the batch (nats per image).
struct VaeLoss {
  torch::Tensor loss;   // what is minimised
  torch::Tensor recon;  // -log p(x|z), Bernoulli on logits, summed over pixels
  torch::Tensor kl;     // KL(q(z|x) || N(0,I)), summed over latent dimensions
  torch::Tensor kl_per_dim;  // [latent]: the KL of each latent dimension
};

/// KL(N(mean, exp(logvar)) || N(0, I)) per element: [B,latent], nats.
torch::Tensor gaussian_kl(const torch::Tensor& mean, const torch::Tensor& logvar);

/// Negative ELBO: BCE-with-logits summed over pixels plus the analytic KL, averaged over the batch.
VaeLoss elbo_loss(const VaeOutput& out, const torch::Tensor& x);

class VariationalModel : public GenerativeModel {
 public:
  using GenerativeModel::GenerativeModel;

  /// x [B,C,H,W] in [0,1] -> q(z|x).
  virtual VaeEncoding encode(const torch::Tensor& x) = 0;
  /// z [B,latent] -> Bernoulli logits [B,C,H,W].
  virtual torch::Tensor decode(const torch::Tensor& z) = 0;
  /// Encode, draw z = mean + eps*std (in every mode, so the ELBO is estimated alike in evaluation), decode.
  VaeOutput forward(const torch::Tensor& x);
  /// The same with the noise given: eps [B,latent] ~ N(0, I).
  VaeOutput forward(const torch::Tensor& x, const torch::Tensor& eps);
  /// Decoded posterior means, as probabilities [B,C,H,W].
  torch::Tensor reconstruct(const torch::Tensor& x);

  torch::Tensor generate(const torch::Tensor& z) override;
  PixelRange pixel_range() const override { return PixelRange::ZeroOne; }
};

}  // namespace genzoo
