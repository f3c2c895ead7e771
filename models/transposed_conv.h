#pragma once
/// A 2-D transposed convolution computed as the input gradient of an ordinary convolution.
///
///   auto y = genzoo::conv_transpose2d_via_conv(x, weight, /*stride=*/2, /*padding=*/1);  // == F::conv_transpose2d
///
/// On CPU, LibTorch 1.13 runs nn::ConvTranspose2d through im2col + BLAS, while the backward-input kernel of an
/// ordinary convolution runs on oneDNN; see docs/performance.md for what it gains. Forward, input gradient and
/// weight gradient match nn::ConvTranspose2d (tests/transposed_conv_test.cpp). No bias, no output padding, no groups.
#include <torch/types.h>

namespace genzoo {

/// x [N,Cin,H,W], weight [Cin,Cout,k,k] (ConvTranspose2d's layout) -> [N,Cout,(H-1)*stride-2*padding+k, ...].
torch::Tensor conv_transpose2d_via_conv(const torch::Tensor& x, const torch::Tensor& weight, int64_t stride,
                                        int64_t padding);

}  // namespace genzoo
