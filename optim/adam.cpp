#include "optim/adam.h"

#include "core/error.h"
#include "core/runtime.h"
#include "optim/adam_update.h"

#include <ATen/record_function.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <type_traits>
#include <vector>

namespace genzoo {

void validate_adam(double lr, double beta1, double beta2, const std::string& context) {
  require(lr > 0 && std::isfinite(lr), context, "lr", "a positive number", format_number(lr));
  require(beta1 >= 0 && beta1 < 1, context, "beta1", "a number in [0,1)", format_number(beta1));
  require(beta2 >= 0 && beta2 < 1, context, "beta2", "a number in [0,1)", format_number(beta2));
}

torch::optim::AdamOptions adam_options(double lr, double beta1, double beta2) {
  torch::optim::AdamOptions options(lr);
  options.betas(std::make_tuple(beta1, beta2));
  return options;
}

namespace {

// torch::load restores optimiser state on the CPU: move it next to each parameter.
void move_adam_state_to_params(torch::optim::Adam& adam) {
  if (adam.param_groups().empty() || adam.param_groups()[0].params().empty()) return;
  // One optimiser's parameters live on one device; the state map's key type differs across LibTorch versions.
  const auto device = adam.param_groups()[0].params()[0].device();
  for (auto& entry : adam.state()) {
    auto& state = static_cast<torch::optim::AdamParamState&>(*entry.second);
    state.exp_avg(state.exp_avg().to(device));
    state.exp_avg_sq(state.exp_avg_sq().to(device));
    if (state.max_exp_avg_sq().defined()) state.max_exp_avg_sq(state.max_exp_avg_sq().to(device));
  }
}

// LibTorch 1.13 keys optimiser state by the parameter's TensorImpl address printed as text, 2.x by the address.
template <typename Key>
Key state_key(const torch::Tensor& param) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << param.unsafeGetTensorImpl();
    return text.str();
  } else {
    return param.unsafeGetTensorImpl();
  }
}

// Contiguous only: the GAN family's channels-last convolution weights take LibTorch's step (letting them through was
// measured slower, docs/performance.md "Per-operator profiles").
bool dense_float_cpu(const torch::Tensor& t) {
  return t.device().is_cpu() && t.layout() == torch::kStrided && t.scalar_type() == torch::kFloat && t.is_contiguous();
}

// A parameter the one-pass step updates, its group's options and its state (null before its first step).
template <typename State>
struct FusedParam {
  torch::Tensor param;
  const torch::optim::AdamOptions* options;
  State* state;
};

template <typename Adam>
using StateOf = std::conditional_t<std::is_const_v<Adam>, const torch::optim::AdamParamState, torch::optim::AdamParamState>;

// Whether every parameter with a gradient can take the one-pass step: no weight decay or AMSGrad, and dense float32
// CPU tensors throughout. When it can, `out` (if given) lists those parameters with their state, looked up once.
// `Adam` is torch::optim::Adam, const or not.
template <typename Adam>
bool collect_fused(Adam& adam, std::vector<FusedParam<StateOf<Adam>>>* out) {
  using State = StateOf<Adam>;
  using Key = typename std::decay_t<decltype(adam.state())>::key_type;
  for (auto& group : adam.param_groups()) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    if (options.weight_decay() != 0 || options.amsgrad()) return false;
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (!dense_float_cpu(p) || !dense_float_cpu(p.grad())) return false;
      State* state = nullptr;
      auto found = adam.state().find(state_key<Key>(p));
      if (found != adam.state().end()) {
        state = static_cast<State*>(found->second.get());
        if (!dense_float_cpu(state->exp_avg()) || !dense_float_cpu(state->exp_avg_sq())) return false;
      }
      if (out) out->push_back({p, &options, state});
    }
  }
  return true;
}

}  // namespace

bool FusedAdam::enabled_by_environment() { return !opted_out("GENZOO_FUSED_ADAM"); }

bool FusedAdam::fuses(const std::vector<torch::Tensor>& params) {
  return enabled_by_environment() && std::all_of(params.begin(), params.end(), dense_float_cpu);
}

bool FusedAdam::takes_fused_path() const {
  return fused_ && collect_fused<const torch::optim::Adam>(*this, nullptr);
}

void FusedAdam::clear_grads() {
  if (!fused_) return zero_grad();
  for (auto& group : param_groups()) {
    for (auto& p : group.params()) p.mutable_grad() = torch::Tensor();
  }
}

torch::Tensor FusedAdam::step(LossClosure closure) {
  torch::Tensor loss = {};
  if (closure != nullptr) {  // first: it makes the gradients the checks below look at
    torch::AutoGradMode enable_grad(true);
    loss = closure();
  }
  std::vector<FusedParam<torch::optim::AdamParamState>> params;
  if (!fused_ || !collect_fused<torch::optim::Adam>(*this, &params)) {
    torch::optim::Adam::step();
    return loss;
  }
  torch::NoGradGuard no_grad;
  RECORD_USER_SCOPE("genzoo::one_pass_adam");  // named in profiles (genzoo bench --profile); otherwise free
  using Key = typename std::decay_t<decltype(state())>::key_type;
  for (auto& [p, options, s] : params) {
    if (s == nullptr) {
      auto fresh = std::make_unique<torch::optim::AdamParamState>();
      fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
      fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
      s = fresh.get();
      state()[state_key<Key>(p)] = std::move(fresh);
    }
    const double beta1 = std::get<0>(options->betas()), beta2 = std::get<1>(options->betas());
    s->step(s->step() + 1);
    const double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(s->step()));
    const double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(s->step()));
    const AdamCoefficients c{static_cast<float>(beta1), static_cast<float>(beta2), static_cast<float>(1 - beta1),
                             static_cast<float>(1 - beta2), static_cast<float>(std::sqrt(bias_correction2)),
                             static_cast<float>(options->eps()), static_cast<float>(-options->lr() / bias_correction1)};
    adam_update(p.data_ptr<float>(), p.grad().data_ptr<float>(), s->exp_avg().data_ptr<float>(),
                s->exp_avg_sq().data_ptr<float>(), p.numel(), c);
  }
  return loss;
}

void set_adam_lr(torch::optim::Adam& adam, double lr) {
  for (auto& group : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

void write_adam(torch::serialize::OutputArchive& archive, const std::string& key, const torch::optim::Adam& adam) {
  torch::serialize::OutputArchive sub(archive.compilation_unit());
  adam.save(sub);
  archive.write(key, sub);
}

void read_adam(torch::serialize::InputArchive& archive, const std::string& key, torch::optim::Adam& adam) {
  torch::serialize::InputArchive sub;
  if (!archive.try_read(key, sub)) throw Error("checkpoint: trainer state '" + key + "' is missing");
  // Hyper-parameters come from the trainer's options (a resume may change lr), not from the archive: LibTorch 1.13's
  // load keeps them, later versions restore the saved ones, so they are put back here either way.
  std::vector<torch::optim::AdamOptions> configured;
  for (auto& group : adam.param_groups()) configured.push_back(static_cast<torch::optim::AdamOptions&>(group.options()));
  adam.load(sub);
  for (size_t i = 0; i < configured.size() && i < adam.param_groups().size(); ++i) {
    auto& options = static_cast<torch::optim::AdamOptions&>(adam.param_groups()[i].options());
    options.lr(configured[i].lr()).betas(configured[i].betas()).eps(configured[i].eps());
    options.weight_decay(configured[i].weight_decay()).amsgrad(configured[i].amsgrad());
  }
  move_adam_state_to_params(adam);
}

}  // namespace genzoo
