#pragma once
/// Adam built from JSON-kept hyper-parameters, and moving its restored state to the parameters' device.
///
///   torch::optim::Adam adam(params, genzoo::adam_options(1e-3, 0.9, 0.999, "vae trainer options"));
#include <torch/optim/adam.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <string>

namespace genzoo {

/// Validated Adam options; `context` names the options object in messages.
torch::optim::AdamOptions adam_options(double lr, double beta1, double beta2, const std::string& context);

/// torch::load restores optimiser state on the CPU: move it next to each parameter.
void move_adam_state_to_params(torch::optim::Adam& adam);

/// Stores an optimiser's state under `key`; its hyper-parameters travel as JSON, not here.
void write_adam(torch::serialize::OutputArchive& archive, const std::string& key, const torch::optim::Adam& adam);
/// Restores it next to the parameters; a missing key is an error naming it.
void read_adam(torch::serialize::InputArchive& archive, const std::string& key, torch::optim::Adam& adam);

}  // namespace genzoo
