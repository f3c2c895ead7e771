#include "models/vae.h"

#include <torch/torch.h>

namespace genzoo {
namespace {

int64_t pixels(const VaeOptions& o) { return o.channels() * o.image_size() * o.image_size(); }

}  // namespace

void VaeOptions::validate(const std::string& context) const {
  require(hidden() > 0, context, "hidden", "a positive integer", std::to_string(hidden()));
  require(latent() > 0, context, "latent", "a positive integer", std::to_string(latent()));
  validate_image_shape(context, channels(), image_size());
}

VaeImpl::VaeImpl(const VaeOptions& options_) : VariationalModel("Vae"), options(options_) {
  options.validate();
  fc1 = register_module("fc1", torch::nn::Linear(pixels(options), options.hidden()));
  fc21 = register_module("fc21", torch::nn::Linear(options.hidden(), options.latent()));
  fc22 = register_module("fc22", torch::nn::Linear(options.hidden(), options.latent()));
  fc3 = register_module("fc3", torch::nn::Linear(options.latent(), options.hidden()));
  fc4 = register_module("fc4", torch::nn::Linear(options.hidden(), pixels(options)));
}

VaeEncoding VaeImpl::encode(const torch::Tensor& x) {
  auto h = torch::relu(fc1->forward(x.flatten(1)));  // [B,C*H*W] -> [B,hidden]
  return {fc21->forward(h), fc22->forward(h)};                    // [B,latent] each
}

torch::Tensor VaeImpl::decode(const torch::Tensor& z) {
  auto h = torch::relu(fc3->forward(z));                 // [B,hidden]
  const int64_t size = options.image_size();
  return fc4->forward(h).reshape({-1, options.channels(), size, size});  // [B,C,H,W] logits
}

}  // namespace genzoo
