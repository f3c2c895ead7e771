#include "models/beta_vae.h"

#include "models/transposed_conv.h"

#include <torch/torch.h>

namespace genzoo {

void BetaVaeOptions::validate(const std::string& context) const {
  require(latent() > 0, context, "latent", "a positive integer", std::to_string(latent()));
}

BetaVaeImpl::BetaVaeImpl(const BetaVaeOptions& options_) : VariationalModel("BetaVae"), options(options_) {
  options.validate();
  using torch::nn::Conv2dOptions;
  using torch::nn::ConvTranspose2dOptions;
  conv1 = register_module("conv1", torch::nn::Conv2d(Conv2dOptions(1, 32, 4).stride(2).padding(1)));
  conv2 = register_module("conv2", torch::nn::Conv2d(Conv2dOptions(32, 64, 4).stride(2).padding(1)));
  fc1 = register_module("fc1", torch::nn::Linear(64 * 7 * 7, 256));
  fc2 = register_module("fc2", torch::nn::Linear(256, 2 * options.latent()));
  fc3 = register_module("fc3", torch::nn::Linear(options.latent(), 256));
  fc4 = register_module("fc4", torch::nn::Linear(256, 64 * 7 * 7));
  deconv1 = register_module("deconv1", torch::nn::ConvTranspose2d(ConvTranspose2dOptions(64, 32, 4).stride(2).padding(1)));
  deconv2 = register_module("deconv2", torch::nn::ConvTranspose2d(ConvTranspose2dOptions(32, 1, 4).stride(2).padding(1)));
}

VaeEncoding BetaVaeImpl::encode(const torch::Tensor& x) {
  auto h = torch::relu(conv1->forward(x));            // [B,32,14,14]
  h = torch::relu(conv2->forward(h));                 // [B,64,7,7]
  h = torch::relu(fc1->forward(h.flatten(1)));        // [B,256]
  auto stats = fc2->forward(h).chunk(2, 1);           // 2 x [B,latent]
  return {stats[0], stats[1]};
}

torch::Tensor BetaVaeImpl::up(torch::nn::ConvTranspose2d& layer, const torch::Tensor& x) {
  if (!x.device().is_cpu()) return layer->forward(x);
  // See models/transposed_conv.h: the same function on CPU, without im2col.
  return conv_transpose2d_via_conv(x, layer->weight, 2, 1) + layer->bias.reshape({1, -1, 1, 1});
}

torch::Tensor BetaVaeImpl::decode(const torch::Tensor& z) {
  auto h = torch::relu(fc3->forward(z));                       // [B,256]
  h = torch::relu(fc4->forward(h)).reshape({-1, 64, 7, 7});    // [B,64,7,7]
  h = torch::relu(up(deconv1, h));                             // [B,32,14,14]
  return up(deconv2, h);                                       // [B,1,28,28] logits
}

}  // namespace genzoo
