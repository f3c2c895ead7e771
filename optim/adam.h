#pragma once
/// Adam built from JSON-kept hyper-parameters, with a one-pass CPU step, and its state kept in (and restored from) a
/// checkpoint.
///
///   genzoo::validate_adam(1e-3, 0.9, 0.999, "vae trainer options");
///   genzoo::FusedAdam adam(params, genzoo::adam_options(1e-3, 0.9, 0.999));
///   adam.clear_grads(); loss.backward(); adam.step();
///   genzoo::write_adam(archive, "adam", adam);   // and read_adam(archive, "adam", adam) on resume
#include <torch/optim/adam.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <string>

namespace genzoo {

/// Throws unless lr > 0 and both betas are in [0,1); `context` names the options object in messages.
void validate_adam(double lr, double beta1, double beta2, const std::string& context);
/// Adam's options from the three hyper-parameters genzoo keeps.
torch::optim::AdamOptions adam_options(double lr, double beta1, double beta2);

/// torch::optim::Adam whose step, for float32 parameters on the CPU, updates both moments and the parameter in one
/// pass over memory instead of LibTorch's eight tensor operations and two temporaries per parameter
/// (docs/performance.md: the VAE's optimiser step 1.6-1.7x faster on 2 threads). Same state, same checkpoints; results equal LibTorch's Adam to
/// float rounding. Anything else (CUDA, other dtypes, weight decay, AMSGrad) takes torch::optim::Adam's own step;
/// GENZOO_FUSED_ADAM=0 (read at construction, for side-by-side benchmarks) makes it LibTorch's Adam throughout.
class FusedAdam : public torch::optim::Adam {
 public:
  using torch::optim::Adam::Adam;

  torch::Tensor step(LossClosure closure = nullptr) override;
  /// Before backward(): with the one-pass step on, drops the gradients, so that backward() hands over its own
  /// instead of adding them to zeros (PyTorch 2's zero_grad(set_to_none=True)); otherwise LibTorch 1.13's
  /// zero_grad(), which zeroes them in place.
  void clear_grads();
  /// Turns the one-pass step on or off for this optimiser.
  void set_fused(bool on) { fused_ = on; }
  /// Whether the next step() takes the one-pass path.
  bool takes_fused_path() const;
  /// False when GENZOO_FUSED_ADAM=0.
  static bool enabled_by_environment();
  /// Whether a new optimiser over `params` would take the one-pass path (switched on, and each parameter passes the
  /// check step() makes), before any gradient exists: what `genzoo bench` reports.
  static bool fuses(const std::vector<torch::Tensor>& params);

 private:
  bool fused_ = enabled_by_environment();
};

/// Sets the learning rate of every parameter group (a schedule's step; checkpoints do not keep it).
void set_adam_lr(torch::optim::Adam& adam, double lr);

/// Stores an optimiser's state under `key`; its hyper-parameters travel as JSON, not here.
void write_adam(torch::serialize::OutputArchive& archive, const std::string& key, const torch::optim::Adam& adam);
/// Restores it next to the parameters; a missing key is an error naming it.
void read_adam(torch::serialize::InputArchive& archive, const std::string& key, torch::optim::Adam& adam);

}  // namespace genzoo
