#include "optim/adam_update.h"

#include <ATen/Parallel.h>

#include <cmath>

namespace genzoo {

// torch::optim::Adam's operations in its order, one element at a time. This file is built with -fno-math-errno
// (CMakeLists.txt) so that the square root vectorises.
void adam_update(float* param, const float* grad, float* exp_avg, float* exp_avg_sq, int64_t n,
                 const AdamCoefficients& c) {
  at::parallel_for(0, n, 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const float g = grad[i];
      const float m = exp_avg[i] * c.beta1 + c.one_minus_beta1 * g;
      const float v = exp_avg_sq[i] * c.beta2 + c.one_minus_beta2 * g * g;
      exp_avg[i] = m;
      exp_avg_sq[i] = v;
      param[i] += c.neg_step_size * (m / (std::sqrt(v) / c.sqrt_bias_correction2 + c.eps));
    }
  });
}

}  // namespace genzoo
