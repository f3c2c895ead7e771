#pragma once
/// The DCGAN of pytorch/examples `cpp/dcgan` for 28x28 images: one architecture behind gan, lsgan and wgan-gp.
///
///   genzoo::Dcgan gan(genzoo::DcganOptions().latent(100).critic_norm("none"));
///   auto fake = gan->generator->forward(gan->sample_latent(16, 0));  // [16,1,28,28] in [-1,1]
///   auto logits = gan->critic->forward(fake);                         // [16], one logit per image
///   auto images = gan->sample(64, /*seed=*/0);                        // [64,1,28,28] in [0,1], eval mode
#include "core/json.h"
#include "models/generative_model.h"

#include <torch/arg.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <string>

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
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "dcgan options") const;
  /// critic_norm() and kernels() as enums, read from one table of names each; an unknown name is an error.
  CriticNorm critic_norm_kind(const std::string& context = "dcgan options") const;
  DcganKernels kernels_kind(const std::string& context = "dcgan options") const;

  /// Size of the latent code z.
  TORCH_ARG(int64_t, latent) = 100;
  /// Base width w: the generator has 4w, 2w, w channels, the critic w, 2w, 4w.
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
};

/// z [N,latent] -> images [N,1,28,28] in [-1,1] (tanh).
class DcganGeneratorImpl : public torch::nn::Module {
 public:
  explicit DcganGeneratorImpl(const DcganOptions& options = {});
  torch::Tensor forward(const torch::Tensor& z);

  torch::nn::ConvTranspose2d deconv1{nullptr}, deconv2{nullptr}, deconv3{nullptr}, deconv4{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};

 private:
  torch::Tensor up(int layer, const torch::Tensor& x);
  DcganOptions options_;
};
TORCH_MODULE(DcganGenerator);

/// images [N,1,28,28] in [-1,1] -> one logit (or critic score) per image [N].
class DcganCriticImpl : public torch::nn::Module {
 public:
  explicit DcganCriticImpl(const DcganOptions& options = {});
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, conv4{nullptr};
  torch::nn::AnyModule norm2, norm3;  // BatchNorm2d, LayerNorm or Identity

 private:
  DcganOptions options_;
};
TORCH_MODULE(DcganCritic);

class DcganImpl : public GenerativeModel {
 public:
  explicit DcganImpl(const DcganOptions& options = {});

  int64_t latent_size() const override { return options.latent(); }
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
