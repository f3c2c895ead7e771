#pragma once
/// The VAE of pytorch/examples `vae/main.py`: a (C·H·W)-400-20 MLP encoder and a 20-400-(C·H·W) decoder with ReLU
/// (784 for MNIST).
///
///   genzoo::Vae vae(genzoo::VaeOptions().latent(20));
///   auto out = vae->forward(x);   // VaeOutput{recon_logits [B,C,H,W], mean, logvar [B,20]}
///   auto images = vae->sample(64, /*seed=*/0);
#include "core/json.h"
#include "models/image_shape.h"
#include "models/variational_model.h"

#include <torch/arg.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <string>

namespace genzoo {

struct VaeOptions {
  /// The fields by name, for JSON (core/json.h).
  template <typename Visit>
  void fields(Visit&& visit) {
    visit("hidden", hidden());
    visit("latent", latent());
    visit("channels", channels());
    visit("image_size", image_size());
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "vae options") const;

  /// Width of the hidden layer of encoder and decoder.
  TORCH_ARG(int64_t, hidden) = 400;
  /// Size of the latent code z.
  TORCH_ARG(int64_t, latent) = 20;
  /// Image channels: 1 (grayscale) or 3 (RGB).
  TORCH_ARG(int64_t, channels) = kDefaultChannels;
  /// Height and width of the square images: one of kImageSizes (models/image_shape.h).
  TORCH_ARG(int64_t, image_size) = kDefaultImageSize;
};

class VaeImpl : public VariationalModel {
 public:
  explicit VaeImpl(const VaeOptions& options = {});

  VaeEncoding encode(const torch::Tensor& x) override;
  torch::Tensor decode(const torch::Tensor& z) override;

  int64_t latent_size() const override { return options.latent(); }
  ImageShape image_shape() const override { return {options.channels(), options.image_size(), options.image_size()}; }
  nlohmann::json options_json() const override { return options_to_json(options); }

  VaeOptions options;

 private:
  torch::nn::Linear fc1{nullptr}, fc21{nullptr}, fc22{nullptr}, fc3{nullptr}, fc4{nullptr};
};
TORCH_MODULE(Vae);

}  // namespace genzoo
