#pragma once
/// Likelihood bounds of a VAE: the negative ELBO and the importance-weighted bound on -log p(x) (Burda et al. 2015).
///
///   auto b = genzoo::likelihood_bounds(*vae, x, genzoo::LikelihoodOptions().k(1000));
///   // b.nelbo >= b.iw_nll, both in nats per image, on the Bernoulli likelihood the model trained with
#include "models/variational_model.h"

#include <torch/arg.h>
#include <torch/types.h>

namespace genzoo {

/// log w = log p(x|z) + log p(z) - log q(z|x) for k draws z ~ q(z|x) per image: [B,k] double.
/// x [B,1,28,28] in [0,1]; p(x|z) is the Bernoulli on logits summed over pixels (for x in (0,1) the same
/// cross-entropy the model trains on, which is not a normalised density).
torch::Tensor log_importance_weights(VariationalModel& model, const torch::Tensor& x, int64_t k,
                                     uint64_t seed = 0);

struct LikelihoodOptions {
  /// Importance samples per image.
  TORCH_ARG(int64_t, k) = 1000;
  /// Images x samples decoded at once.
  TORCH_ARG(int64_t, draws_per_batch) = 4096;
  /// Seeds the importance samples.
  TORCH_ARG(uint64_t, seed) = 0;
};

struct LikelihoodBounds {
  double nelbo = 0;   // -mean_k log w, averaged over images: the negative ELBO (Monte Carlo, k draws)
  double iw_nll = 0;  // -log mean_k w, averaged over images: an upper bound on -log p(x), tighter as k grows
  int64_t k = 0;
  int64_t images = 0;
};

/// Both bounds from the same importance weights, so iw_nll <= nelbo on every image; with k = 1 they are equal.
LikelihoodBounds likelihood_bounds(VariationalModel& model, const torch::Tensor& x,
                                   const LikelihoodOptions& options = {});

}  // namespace genzoo
