#pragma once
/// Adversarial objectives on logits (critic scores for WGAN-GP), each a mean over the batch.
///
///   auto d = genzoo::bce_discriminator_loss(real_logits, fake_logits);   // non-saturating GAN
///   auto g = genzoo::bce_generator_loss(fake_logits);
///   auto gp = genzoo::gradient_penalty([&](const torch::Tensor& x) { return critic->forward(x); },
///                                      real, fake, torch::rand({B, 1, 1, 1}), 10.0);
#include <torch/types.h>

#include <functional>

namespace genzoo {

/// Goodfellow et al. 2014: BCE-with-logits, real -> real_label (1, or 0.9 with one-sided smoothing), fake -> 0.
torch::Tensor bce_discriminator_loss(const torch::Tensor& real_logits, const torch::Tensor& fake_logits,
                                     double real_label = 1.0);
/// The non-saturating generator loss: BCE-with-logits, fake -> 1.
torch::Tensor bce_generator_loss(const torch::Tensor& fake_logits);

/// Mao et al. 2017, 0-1 coding: 1/2 E[(D(x)-1)^2] + 1/2 E[D(G(z))^2].
torch::Tensor ls_discriminator_loss(const torch::Tensor& real_scores, const torch::Tensor& fake_scores);
/// 1/2 E[(D(G(z))-1)^2].
torch::Tensor ls_generator_loss(const torch::Tensor& fake_scores);

/// Gulrajani et al. 2017 without the penalty: E[D(G(z))] - E[D(x)].
torch::Tensor wgan_critic_loss(const torch::Tensor& real_scores, const torch::Tensor& fake_scores);
/// -E[D(G(z))].
torch::Tensor wgan_generator_loss(const torch::Tensor& fake_scores);

/// lambda * E[(||grad_x^ D(x^)||_2 - 1)^2] at x^ = alpha*real + (1-alpha)*fake, alpha [B,1,1,1] (U[0,1] in
/// training). The graph is kept, so the penalty's gradient reaches the critic's parameters (double backward).
torch::Tensor gradient_penalty(const std::function<torch::Tensor(const torch::Tensor&)>& critic,
                               const torch::Tensor& real, const torch::Tensor& fake, const torch::Tensor& alpha,
                               double lambda);

}  // namespace genzoo
