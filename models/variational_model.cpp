#include "models/variational_model.h"

#include <torch/torch.h>

namespace genzoo {

torch::Tensor gaussian_kl(const torch::Tensor& mean, const torch::Tensor& logvar) {
  return -0.5 * (1 + logvar - mean.pow(2) - logvar.exp());
}

VaeLoss elbo_loss(const VaeOutput& out, const torch::Tensor& x) {
  const double batch = static_cast<double>(x.size(0));
  auto recon = torch::binary_cross_entropy_with_logits(out.recon_logits, x, {}, {},
                                                       at::Reduction::Sum) / batch;
  auto kl_per_dim = gaussian_kl(out.mean, out.logvar).sum(0) / batch;  // [latent]
  auto kl = kl_per_dim.sum();
  return {recon + kl, recon, kl, kl_per_dim};
}

VaeOutput VariationalModel::forward(const torch::Tensor& x) {
  return forward(x, torch::randn({x.size(0), latent_size()}, x.options()));
}

VaeOutput VariationalModel::forward(const torch::Tensor& x, const torch::Tensor& eps) {
  auto q = encode(x);
  auto z = q.mean + eps * torch::exp(0.5 * q.logvar);  // [B,latent]
  return {decode(z), q.mean, q.logvar};
}

torch::Tensor VariationalModel::reconstruct(const torch::Tensor& x) {
  return torch::sigmoid(decode(encode(x).mean));
}

torch::Tensor VariationalModel::generate(const torch::Tensor& z) { return torch::sigmoid(decode(z)); }

}  // namespace genzoo
