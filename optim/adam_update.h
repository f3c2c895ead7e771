#pragma once
/// The element-wise arithmetic of one Adam step over a float32 parameter held in contiguous memory, done in one pass
/// (FusedAdam, optim/adam.h); exp_avg and exp_avg_sq are updated in place.
///
///   genzoo::adam_update(p, g, m, v, n, {0.9f, 0.999f, 0.1f, 0.001f, std::sqrt(bc2), 1e-8f, -lr / bc1});
#include <cstdint>

namespace genzoo {

struct AdamCoefficients {
  float beta1, beta2, one_minus_beta1, one_minus_beta2, sqrt_bias_correction2, eps, neg_step_size;
};

void adam_update(float* param, const float* grad, float* exp_avg, float* exp_avg_sq, int64_t n,
                 const AdamCoefficients& c);

}  // namespace genzoo
