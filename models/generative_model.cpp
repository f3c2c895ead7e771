#include "models/generative_model.h"

#include "core/error.h"

#include <torch/torch.h>

#include <cmath>

namespace genzoo {

torch::Tensor GenerativeModel::sample_latent(int64_t n, uint64_t seed, double truncation) const {
  require(truncation == 0 || (truncation > 0 && truncation <= 5), "sample", "truncation",
          "0 (none) or a value in (0, 5]", format_number(truncation));
  auto generator = at::detail::createCPUGenerator(seed);
  if (truncation == 0) return torch::randn({n, latent_size()}, generator, torch::TensorOptions().dtype(torch::kFloat32));
  // Inverse CDF: u uniform on (-erf(t/sqrt2), erf(t/sqrt2)) maps to z = sqrt2 * erfinv(u), N(0,1) within [-t, t].
  const double edge = std::erf(truncation / std::sqrt(2.0));
  auto u = torch::rand({n, latent_size()}, generator, torch::TensorOptions().dtype(torch::kFloat64));
  return (std::sqrt(2.0) * torch::erfinv((2 * u - 1) * edge)).to(torch::kFloat32);  // [n,latent]
}

torch::Tensor GenerativeModel::sample(int64_t n, uint64_t seed, double truncation) {
  return generate_cpu(sample_latent(n, seed, truncation));
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
