#include "models/transposed_conv.h"

#include <torch/torch.h>

namespace genzoo {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

std::vector<int64_t> output_shape(const torch::Tensor& x, const torch::Tensor& weight, int64_t stride,
                                  int64_t padding) {
  const int64_t k = weight.size(2);
  return {x.size(0), weight.size(1), (x.size(2) - 1) * stride - 2 * padding + k,
          (x.size(3) - 1) * stride - 2 * padding + weight.size(3)};
}

// For a convolution C(u) = conv2d(u, W) the transposed convolution is its adjoint: T(x) = C^T x, which is exactly
// the input gradient of C at grad_output x. Then dT/dx^T g = C(g), and the weight gradient of <T(x), g> is the
// weight gradient of C at input g and grad_output x.
struct ConvTransposeViaConv : public torch::autograd::Function<ConvTransposeViaConv> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                               int64_t stride, int64_t padding) {
    ctx->save_for_backward({x, weight});
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    auto shape_only = torch::empty(output_shape(x, weight, stride, padding),
                                   x.options().memory_format(x.suggest_memory_format()));  // [N,Cout,H',W']
    return std::get<0>(at::convolution_backward(x, shape_only, weight, at::OptionalIntArrayRef{}, {stride, stride},
                                                {padding, padding}, {1, 1}, /*transposed=*/false, {0, 0},
                                                /*groups=*/1, {true, false, false}));
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const auto& x = saved[0];
    const auto& weight = saved[1];
    const int64_t stride = ctx->saved_data["stride"].toInt(), padding = ctx->saved_data["padding"].toInt();
    auto g = grad_outputs[0].contiguous();  // [N,Cout,H',W']
    const bool need_x = ctx->needs_input_grad(0), need_w = ctx->needs_input_grad(1);
    torch::Tensor grad_x, grad_w;
    if (need_x) grad_x = torch::conv2d(g, weight, {}, stride, padding);  // [N,Cin,H,W]
    if (need_w) {
      grad_w = std::get<1>(at::convolution_backward(x, g, weight, at::OptionalIntArrayRef{}, {stride, stride},
                                                    {padding, padding}, {1, 1}, false, {0, 0}, 1,
                                                    {false, true, false}));
    }
    return {grad_x, grad_w, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor conv_transpose2d_via_conv(const torch::Tensor& x, const torch::Tensor& weight, int64_t stride,
                                        int64_t padding) {
  return ConvTransposeViaConv::apply(x, weight, stride, padding);
}

}  // namespace genzoo
