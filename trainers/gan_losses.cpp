#include "trainers/gan_losses.h"

#include <torch/torch.h>

namespace genzoo {

torch::Tensor bce_discriminator_loss(const torch::Tensor& real_logits, const torch::Tensor& fake_logits,
                                     double real_label) {
  return torch::binary_cross_entropy_with_logits(real_logits, torch::full_like(real_logits, real_label)) +
         torch::binary_cross_entropy_with_logits(fake_logits, torch::zeros_like(fake_logits));
}

torch::Tensor bce_generator_loss(const torch::Tensor& fake_logits) {
  return torch::binary_cross_entropy_with_logits(fake_logits, torch::ones_like(fake_logits));
}

torch::Tensor ls_discriminator_loss(const torch::Tensor& real_scores, const torch::Tensor& fake_scores) {
  return 0.5 * (real_scores - 1).pow(2).mean() + 0.5 * fake_scores.pow(2).mean();
}

torch::Tensor ls_generator_loss(const torch::Tensor& fake_scores) { return 0.5 * (fake_scores - 1).pow(2).mean(); }

torch::Tensor wgan_critic_loss(const torch::Tensor& real_scores, const torch::Tensor& fake_scores) {
  return fake_scores.mean() - real_scores.mean();
}

torch::Tensor wgan_generator_loss(const torch::Tensor& fake_scores) { return -fake_scores.mean(); }

torch::Tensor gradient_penalty(const std::function<torch::Tensor(const torch::Tensor&)>& critic,
                               const torch::Tensor& real, const torch::Tensor& fake, const torch::Tensor& alpha,
                               double lambda) {
  auto x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(true);  // [B,C,H,W]
  auto scores = critic(x_hat);                                                      // [B]
  auto grad = torch::autograd::grad({scores.sum()}, {x_hat}, /*grad_outputs=*/{}, /*retain_graph=*/true,
                                    /*create_graph=*/true)[0];                      // [B,C,H,W]
  auto norm = grad.reshape({grad.size(0), -1}).norm(2, 1);                          // [B]
  return lambda * (norm - 1).pow(2).mean();
}

}  // namespace genzoo
