#include "models/generative_model.h"

#include <torch/torch.h>

namespace genzoo {

torch::Tensor GenerativeModel::sample_latent(int64_t n, uint64_t seed) const {
  auto generator = at::detail::createCPUGenerator(seed);
  return torch::randn({n, latent_size()}, generator, torch::TensorOptions().dtype(torch::kFloat32));
}

torch::Tensor GenerativeModel::sample(int64_t n, uint64_t seed) {
  return generate_cpu(sample_latent(n, seed));
}

torch::Tensor GenerativeModel::sample(int64_t n) {
  return generate_cpu(torch::randn({n, latent_size()}));
}

torch::Tensor GenerativeModel::generate_cpu(const torch::Tensor& z) {
  EvalScope scope(*this);
  return generate(z.to(device())).cpu();  // [N,C,H,W]
}

torch::Device GenerativeModel::device() const {
  auto params = parameters();
  return params.empty() ? torch::Device(torch::kCPU) : params.front().device();
}

int64_t GenerativeModel::parameter_count() const {
  int64_t count = 0;
  for (const auto& p : parameters()) count += p.numel();
  return count;
}

}  // namespace genzoo
