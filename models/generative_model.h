#pragma once
/// The interface every genzoo model implements: draw images from a latent code.
///
///   std::shared_ptr<genzoo::GenerativeModel> model = genzoo::make_model("vae");   // or genzoo::load(...)
///   torch::Tensor x = model->sample(64, /*seed=*/0);  // [64,C,H,W] in [0,1], CPU
#include "core/metrics.h"
#include "data/dataset.h"
#include "models/image_shape.h"

#include <nlohmann/json.hpp>
#include <torch/nn/module.h>
#include <torch/utils.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace genzoo {

/// Eval mode without autograd for one scope; the module's train/eval mode comes back on exit, also on an exception.
///
///   { genzoo::EvalScope scope(model); auto q = model.encode(x); }
class EvalScope {
 public:
  explicit EvalScope(torch::nn::Module& module) : module_(module), was_training_(module.is_training()) {
    module_.eval();
  }
  ~EvalScope() { module_.train(was_training_); }
  EvalScope(const EvalScope&) = delete;
  EvalScope& operator=(const EvalScope&) = delete;

 private:
  torch::NoGradGuard no_grad_;
  torch::nn::Module& module_;
  bool was_training_;
};

class GenerativeModel : public torch::nn::Module {
 public:
  explicit GenerativeModel(const std::string& module_name) : torch::nn::Module(module_name) {}

  /// Size of the latent vector z that generate() takes.
  virtual int64_t latent_size() const = 0;
  /// Image shape {C,H,W} the model reads and writes: its options' channels and image_size (models/image_shape.h).
  virtual ImageShape image_shape() const = 0;
  /// Range of the float data the model trains on.
  virtual PixelRange pixel_range() const = 0;
  /// The model's options as JSON (what its registry factory takes back).
  virtual nlohmann::json options_json() const = 0;
  /// z [N,latent] on the model's device -> images [N,C,H,W] in [0,1] on the model's device.
  virtual torch::Tensor generate(const torch::Tensor& z) = 0;
  /// Name prefix of the parameters and buffers only training needs (a GAN's critic); "" when all are needed.
  /// Inference exports may leave them out.
  virtual std::string training_only_prefix() const { return ""; }
  /// Forgets a moving average of weights kept beside the trained ones (a GAN's generator average), so that the
  /// model samples from what was trained and its options say it keeps none; false when it keeps none.
  virtual bool drop_average() { return false; }
  /// Replaces the trained weights by their moving average and then forgets it (drop_average): the model samples as
  /// it did, from fewer tensors (timm ships EMA-trained weights this way); false when it keeps none.
  virtual bool adopt_average() { return false; }

  /// z ~ N(0, I) [n,latent] on the CPU, from a generator seeded with `seed`. With `truncation` t > 0, each entry is
  /// drawn from N(0, 1) truncated to [-t, t] instead (the truncation trick of BigGAN, Brock et al. 2019): samples
  /// nearer the typical ones, less varied. Throws unless t is 0 (none) or in (0, 5].
  torch::Tensor sample_latent(int64_t n, uint64_t seed, double truncation = 0) const;
  /// n images [n,C,H,W] in [0,1] on the CPU; the same seed gives the same images on any device.
  torch::Tensor sample(int64_t n, uint64_t seed, double truncation = 0);
  /// As above, from the global torch RNG.
  torch::Tensor sample(int64_t n);
  /// generate() in eval mode without autograd, returned on the CPU; the train/eval mode is restored.
  torch::Tensor generate_cpu(const torch::Tensor& z);

  /// Device of the model's first parameter (CPU when it has none).
  torch::Device device() const;
  int64_t parameter_count() const;

  /// The registry row this model was built from ("vae", "gan", ...); set by the registry.
  const std::string& registry_name() const { return registry_name_; }
  void set_registry_name(std::string name) { registry_name_ = std::move(name); }

 private:
  std::string registry_name_;
};

}  // namespace genzoo
