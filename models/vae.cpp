#include "models/vae.h"

#include "models/options_json.h"

#include <torch/torch.h>

namespace genzoo {

constexpr int64_t kPixels = 28 * 28;

nlohmann::json VaeOptions::to_json() const { return {{"hidden", hidden()}, {"latent", latent()}}; }

VaeOptions VaeOptions::from_json(const nlohmann::json& j) {
  VaeOptions options;
  JsonReader(j, "vae options").read("hidden", options.hidden()).read("latent", options.latent()).finish();
  return options;
}

VaeImpl::VaeImpl(const VaeOptions& options_) : VariationalModel("Vae"), options(options_) {
  require(options.hidden() > 0, "vae options", "hidden", "a positive integer", std::to_string(options.hidden()));
  require(options.latent() > 0, "vae options", "latent", "a positive integer", std::to_string(options.latent()));
  fc1 = register_module("fc1", torch::nn::Linear(kPixels, options.hidden()));
  fc21 = register_module("fc21", torch::nn::Linear(options.hidden(), options.latent()));
  fc22 = register_module("fc22", torch::nn::Linear(options.hidden(), options.latent()));
  fc3 = register_module("fc3", torch::nn::Linear(options.latent(), options.hidden()));
  fc4 = register_module("fc4", torch::nn::Linear(options.hidden(), kPixels));
}

VaeEncoding VaeImpl::encode(const torch::Tensor& x) {
  auto h = torch::relu(fc1->forward(x.reshape({-1, kPixels})));  // [B,hidden]
  return {fc21->forward(h), fc22->forward(h)};                    // [B,latent] each
}

torch::Tensor VaeImpl::decode(const torch::Tensor& z) {
  auto h = torch::relu(fc3->forward(z));                 // [B,hidden]
  return fc4->forward(h).reshape({-1, 1, 28, 28});       // [B,1,28,28] logits
}

}  // namespace genzoo
