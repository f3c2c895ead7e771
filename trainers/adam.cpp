#include "trainers/adam.h"

#include "core/error.h"

#include <torch/torch.h>

#include <cmath>

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

}  // namespace

void write_adam(torch::serialize::OutputArchive& archive, const std::string& key, const torch::optim::Adam& adam) {
  torch::serialize::OutputArchive sub(archive.compilation_unit());
  adam.save(sub);
  archive.write(key, sub);
}

void read_adam(torch::serialize::InputArchive& archive, const std::string& key, torch::optim::Adam& adam) {
  torch::serialize::InputArchive sub;
  if (!archive.try_read(key, sub)) throw Error("checkpoint: trainer state '" + key + "' is missing");
  adam.load(sub);
  move_adam_state_to_params(adam);
}

}  // namespace genzoo
