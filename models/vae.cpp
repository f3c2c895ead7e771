#include "models/vae.h"


#include <torch/torch.h>

namespace genzoo {

constexpr int64_t kVaePixels = 28 * 28;

void VaeOptions::validate(const std::string& context) const {
  require(hidden() > 0, context, "hidden", "a positive integer", std::to_string(hidden()));
  require(latent() > 0, context, "latent", "a positive integer", std::to_string(latent()));
}

VaeImpl::VaeImpl(const VaeOptions& options_) : VariationalModel("Vae"), options(options_) {
  options.validate();
  fc1 = register_module("fc1", torch::nn::Linear(kVaePixels, options.hidden()));
  fc21 = register_module("fc21", torch::nn::Linear(options.hidden(), options.latent()));
  fc22 = register_module("fc22", torch::nn::Linear(options.hidden(), options.latent()));
  fc3 = register_module("fc3", torch::nn::Linear(options.latent(), options.hidden()));
  fc4 = register_module("fc4", torch::nn::Linear(options.hidden(), kVaePixels));
}

VaeEncoding VaeImpl::encode(const torch::Tensor& x) {
  auto h = torch::relu(fc1->forward(x.reshape({-1, kVaePixels})));  // [B,hidden]
  return {fc21->forward(h), fc22->forward(h)};                    // [B,latent] each
}

torch::Tensor VaeImpl::decode(const torch::Tensor& z) {
  auto h = torch::relu(fc3->forward(z));                 // [B,hidden]
  return fc4->forward(h).reshape({-1, 1, 28, 28});       // [B,1,28,28] logits
}

}  // namespace genzoo
