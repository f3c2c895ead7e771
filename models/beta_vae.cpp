#include "models/beta_vae.h"

#include "models/transposed_conv.h"

#include <torch/torch.h>

namespace genzoo {
namespace {

torch::nn::Conv2d down(int64_t in, int64_t out) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 4).stride(2).padding(1));
}

torch::nn::ConvTranspose2d up_layer(int64_t in, int64_t out) {
  return torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1));
}

}  // namespace

void BetaVaeOptions::validate(const std::string& context) const {
  require(latent() > 0, context, "latent", "a positive integer", std::to_string(latent()));
  validate_image_shape(context, channels(), image_size());
}

BetaVaeImpl::BetaVaeImpl(const BetaVaeOptions& options_) : VariationalModel("BetaVae"), options(options_) {
  options.validate();
  // Two stride-2 convolutions take 28 or 32 pixels to 7 or 8; 64 pixels take a third (64 -> 8), as in Burgess et al.
  side_ = options.image_size() == 64 ? 8 : options.image_size() / 4;
  conv1 = register_module("conv1", down(options.channels(), 32));
  conv2 = register_module("conv2", down(32, 64));
  if (options.image_size() == 64) conv3 = register_module("conv3", down(64, 64));
  fc1 = register_module("fc1", torch::nn::Linear(64 * side_ * side_, 256));
  fc2 = register_module("fc2", torch::nn::Linear(256, 2 * options.latent()));
  fc3 = register_module("fc3", torch::nn::Linear(options.latent(), 256));
  fc4 = register_module("fc4", torch::nn::Linear(256, 64 * side_ * side_));
  if (options.image_size() == 64) deconv0 = register_module("deconv0", up_layer(64, 64));
  deconv1 = register_module("deconv1", up_layer(64, 32));
  deconv2 = register_module("deconv2", up_layer(32, options.channels()));
}

VaeEncoding BetaVaeImpl::encode(const torch::Tensor& x) {
  auto h = torch::relu(conv1->forward(x));            // [B,32,H/2,W/2]
  h = torch::relu(conv2->forward(h));                 // [B,64,H/4,W/4]
  if (conv3) h = torch::relu(conv3->forward(h));      // [B,64,8,8] for 64 pixels
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
  h = torch::relu(fc4->forward(h)).reshape({-1, 64, side_, side_});  // [B,64,side,side]
  if (deconv0) h = torch::relu(up(deconv0, h));                // [B,64,16,16] for 64 pixels
  h = torch::relu(up(deconv1, h));                             // [B,32,H/2,W/2]
  return up(deconv2, h);                                       // [B,C,H,W] logits
}

}  // namespace genzoo
