#pragma once
/// Adam built from JSON-kept hyper-parameters, and moving its restored state to the parameters' device.
///
///   torch::optim::Adam adam(params, genzoo::adam_options(1e-3, 0.9, 0.999, "vae trainer options"));
#include <torch/optim/adam.h>

#include <string>

namespace genzoo {

/// Validated Adam options; `context` names the options object in messages.
torch::optim::AdamOptions adam_options(double lr, double beta1, double beta2, const std::string& context);

/// torch::load restores optimiser state on the CPU: move it next to each parameter.
void move_adam_state_to_params(torch::optim::Adam& adam);

}  // namespace genzoo
