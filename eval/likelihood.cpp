#include "eval/likelihood.h"

#include "core/error.h"

#include <torch/torch.h>

#include <cmath>

namespace genzoo {

torch::Tensor log_importance_weights(VariationalModel& model, const torch::Tensor& x, int64_t k, uint64_t seed) {
  if (k < 1) throw Error("likelihood: k: expected at least 1 importance sample, found " + std::to_string(k));
  EvalScope scope(model);
  const int64_t batch = x.size(0), latent = model.latent_size();
  const double log_2pi = std::log(2 * M_PI);
  auto q = model.encode(x.to(model.device()));
  auto mean = q.mean.to(torch::kFloat64).unsqueeze(1), logvar = q.logvar.to(torch::kFloat64).unsqueeze(1);
  auto generator = at::detail::createCPUGenerator(seed);
  auto eps = torch::randn({batch, k, latent}, generator, torch::kFloat64).to(model.device());  // [B,k,L]
  auto z = mean + eps * (0.5 * logvar).exp();                                                   // [B,k,L]
  auto logits = model.decode(z.reshape({batch * k, latent}).to(torch::kFloat32));             // [B*k,C,H,W]
  auto target = x.to(model.device()).unsqueeze(1).expand({batch, k, x.size(1), x.size(2), x.size(3)})
                    .reshape(logits.sizes());
  auto log_px_z = -torch::binary_cross_entropy_with_logits(logits, target, {}, {}, at::Reduction::None)
                       .flatten(1).sum(1).to(torch::kFloat64).reshape({batch, k});  // [B,k]
  auto log_pz = -0.5 * (z.pow(2) + log_2pi).sum(2);                                 // [B,k]
  auto log_qz = -0.5 * (eps.pow(2) + log_2pi + logvar).sum(2);                      // [B,k]
  return (log_px_z + log_pz - log_qz).cpu();
}

LikelihoodBounds likelihood_bounds(VariationalModel& model, const torch::Tensor& x, const LikelihoodOptions& options) {
  if (x.size(0) == 0) throw Error("likelihood: no images");
  const int64_t per_batch = std::max<int64_t>(1, options.draws_per_batch() / options.k());
  double nelbo = 0, iw = 0;
  for (int64_t begin = 0; begin < x.size(0); begin += per_batch) {
    auto log_w = log_importance_weights(model, x.slice(0, begin, begin + per_batch), options.k(),
                                        options.seed() + static_cast<uint64_t>(begin));  // [B,k]
    nelbo -= log_w.mean(1).sum().item<double>();
    iw -= (torch::logsumexp(log_w, 1) - std::log(static_cast<double>(options.k()))).sum().item<double>();
  }
  const double n = static_cast<double>(x.size(0));
  return {nelbo / n, iw / n, options.k(), x.size(0)};
}

}  // namespace genzoo
