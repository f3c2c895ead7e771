#pragma once
/// The convolutional β-VAE of Higgins et al. 2017 / Burgess et al. 2018 for 28, 32 or 64-pixel images, Bernoulli
/// decoder.
///
/// The objective it trains with (β·KL, or Burgess et al.'s capacity schedule) is the trainer's (trainers/vae_trainer.h).
///
///   genzoo::BetaVae model(genzoo::BetaVaeOptions().latent(10));
///   auto out = model->forward(x);                                                   // x [B,C,H,W] in [0,1]
#include "core/json.h"
#include "models/image_shape.h"
#include "models/variational_model.h"

#include <torch/arg.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <string>

namespace genzoo {

struct BetaVaeOptions {
  /// The fields by name, for JSON (core/json.h).
  template <typename Visit>
  void fields(Visit&& visit) {
    visit("latent", latent());
    visit("channels", channels());
    visit("image_size", image_size());
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "beta-vae options") const;

  /// Size of the latent code z.
  TORCH_ARG(int64_t, latent) = 10;
  /// Image channels: 1 (grayscale) or 3 (RGB).
  TORCH_ARG(int64_t, channels) = kDefaultChannels;
  /// Height and width of the square images: one of kImageSizes (models/image_shape.h).
  TORCH_ARG(int64_t, image_size) = kDefaultImageSize;
};

class BetaVaeImpl : public VariationalModel {
 public:
  explicit BetaVaeImpl(const BetaVaeOptions& options = {});

  VaeEncoding encode(const torch::Tensor& x) override;
  torch::Tensor decode(const torch::Tensor& z) override;
  int64_t latent_size() const override { return options.latent(); }
  ImageShape image_shape() const override { return {options.channels(), options.image_size(), options.image_size()}; }
  nlohmann::json options_json() const override { return options_to_json(options); }

  BetaVaeOptions options;

 private:
  torch::Tensor up(torch::nn::ConvTranspose2d& layer, const torch::Tensor& x);

  int64_t side_ = 7;  // of the feature maps the linear layers read and write
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};  // conv3 for 64 pixels only
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr};
  torch::nn::ConvTranspose2d deconv0{nullptr}, deconv1{nullptr}, deconv2{nullptr};  // deconv0 for 64 pixels only
};
TORCH_MODULE(BetaVae);

}  // namespace genzoo
