#pragma once
/// Adam built from JSON-kept hyper-parameters, and its state kept in (and restored from) a checkpoint.
///
///   genzoo::validate_adam(1e-3, 0.9, 0.999, "vae trainer options");
///   torch::optim::Adam adam(params, genzoo::adam_options(1e-3, 0.9, 0.999));
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

/// Stores an optimiser's state under `key`; its hyper-parameters travel as JSON, not here.
void write_adam(torch::serialize::OutputArchive& archive, const std::string& key, const torch::optim::Adam& adam);
/// Restores it next to the parameters; a missing key is an error naming it.
void read_adam(torch::serialize::InputArchive& archive, const std::string& key, torch::optim::Adam& adam);

}  // namespace genzoo
