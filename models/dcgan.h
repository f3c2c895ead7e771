#pragma once
/// The DCGAN of pytorch/examples `cpp/dcgan` (28x28) and of the DCGAN paper (32 and 64 pixels, 1 or 3 channels): one
/// architecture behind gan, lsgan and wgan-gp.
///
///   genzoo::Dcgan gan(genzoo::DcganOptions().latent(100).critic_norm("none"));
///   auto fake = gan->generator->forward(gan->sample_latent(16, 0));  // [16,1,28,28] in [-1,1]
///   auto logits = gan->critic->forward(fake);                         // [16], one logit per image
///   auto images = gan->sample(64, /*seed=*/0);                        // [64,1,28,28] in [0,1], eval mode
#include "core/json.h"
#include "models/generative_model.h"
#include "models/image_shape.h"

#include <torch/arg.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <utility>
#include <vector>

namespace genzoo {

/// The critic's normalisation and the kernel choice, as DcganOptions names them in JSON ("batch", "auto", ...).
enum class CriticNorm { Batch, Layer, None };
enum class DcganKernels { Auto, Native };

struct DcganOptions {
  /// The fields by name, for JSON (core/json.h).
  template <typename Visit>
  void fields(Visit&& visit) {
    visit("latent", latent());
    visit("width", width());
    visit("critic_norm", critic_norm());
    visit("kernels", kernels());
    visit("ema_decay", ema_decay());
    visit("ema_warmup", ema_warmup());
    visit("channels", channels());
    visit("image_size", image_size());
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "dcgan options") const;
  /// critic_norm() and kernels() as enums, read from one table of names each; an unknown name is an error.
  CriticNorm critic_norm_kind(const std::string& context = "dcgan options") const;
  DcganKernels kernels_kind(const std::string& context = "dcgan options") const;

  /// Size of the latent code z.
  TORCH_ARG(int64_t, latent) = 100;
  /// Base width w: the generator has 4w, 2w, w channels, the critic w, 2w, 4w (at 64 pixels 8w first and last).
  TORCH_ARG(int64_t, width) = 64;
  /// Normalisation in the critic's middle layers: "batch", "layer" or "none" (WGAN-GP forbids batch).
  TORCH_ARG(std::string, critic_norm) = "batch";
  /// "auto": on CPU, transposed convolutions run as input gradients of convolutions (oneDNN) and activations are
  /// channels-last; "native": nn::ConvTranspose2d on NCHW tensors, as in PyTorch. Both compute the same function;
  /// CUDA always uses the native kernels. See docs/performance.md.
  TORCH_ARG(std::string, kernels) = "auto";
  /// Decay of an exponential moving average of the generator's weights kept beside it (`generator_ema`), which
  /// sampling then uses; 0: no average. BatchNorm statistics are copied, not averaged.
  TORCH_ARG(double, ema_decay) = 0.0;
  /// Warm-up of the average: after t generator updates the decay is min(ema_decay, (1 + t) / (ema_warmup + t)).
  TORCH_ARG(double, ema_warmup) = 10.0;
  /// Image channels: 1 (grayscale) or 3 (RGB).
  TORCH_ARG(int64_t, channels) = kDefaultChannels;
  /// Height and width of the square images: one of kImageSizes (models/image_shape.h).
  TORCH_ARG(int64_t, image_size) = kDefaultImageSize;
};

/// z [N,latent] -> images [N,C,H,W] in [-1,1] (tanh).
class DcganGeneratorImpl : public torch::nn::Module {
 public:
  explicit DcganGeneratorImpl(const DcganOptions& options = {});
  torch::Tensor forward(const torch::Tensor& z);

  /// deconv1, deconv2, ... (one more than `norms`), and bn1, bn2, ...
  std::vector<torch::nn::ConvTranspose2d> ups;
  std::vector<torch::nn::BatchNorm2d> norms;

 private:
  torch::Tensor up(size_t layer, const torch::Tensor& x);
  DcganOptions options_;
  std::vector<std::pair<int64_t, int64_t>> stride_padding_;  // of each of `ups`
};
TORCH_MODULE(DcganGenerator);

/// images [N,C,H,W] in [-1,1] -> one logit (or critic score) per image [N].
class DcganCriticImpl : public torch::nn::Module {
 public:
  explicit DcganCriticImpl(const DcganOptions& options = {});
  torch::Tensor forward(const torch::Tensor& x);

  /// conv1, conv2, ... (one more than `norms`), and norm2, norm3, ...: BatchNorm2d, LayerNorm or Identity (the first
  /// block's is always Identity and not registered).
  std::vector<torch::nn::Conv2d> downs;
  std::vector<torch::nn::AnyModule> norms;

 private:
  DcganOptions options_;
};
TORCH_MODULE(DcganCritic);

class DcganImpl : public GenerativeModel {
 public:
  explicit DcganImpl(const DcganOptions& options = {});

  int64_t latent_size() const override { return options.latent(); }
  ImageShape image_shape() const override { return {options.channels(), options.image_size(), options.image_size()}; }
  PixelRange pixel_range() const override { return PixelRange::MinusOneOne; }
  nlohmann::json options_json() const override { return options_to_json(options); }
  /// The images of the generator's moving average (when the model keeps one and it is in use), else of the
  /// generator, mapped from [-1,1] to [0,1].
  torch::Tensor generate(const torch::Tensor& z) override;
  std::string training_only_prefix() const override { return "critic."; }

  /// Whether the model keeps a moving average of its generator.
  bool has_ema() const { return !generator_ema.is_empty(); }
  bool drop_average() override;
  bool adopt_average() override;
  /// Moves the average towards the generator after its `update`-th update (1, 2, ...).
  void update_ema(int64_t update);
  /// Whether generate() draws from the average (the default when there is one) or from the trained generator.
  void use_ema(bool on) { use_ema_ = on; }
  bool uses_ema() const { return use_ema_ && has_ema(); }

  DcganOptions options;
  DcganGenerator generator{nullptr};
  DcganGenerator generator_ema{nullptr};
  DcganCritic critic{nullptr};

 private:
  bool use_ema_ = true;
};
TORCH_MODULE(Dcgan);

/// DCGAN initialisation: convolution weights N(0, 0.02); BatchNorm weight N(1, 0.02), bias 0.
void dcgan_init(torch::nn::Module& module);

}  // namespace genzoo
