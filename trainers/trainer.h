#pragma once
/// A trainer owns a model's optimisers and knows one training step; the fit loop does the rest.
///
///   std::unique_ptr<genzoo::Trainer> trainer = entry.make_trainer(model, trainer_options);
///   genzoo::Metrics m = trainer->step(batch, step);   // e.g. {{"loss", 101.2}, {"recon", 80.1}, {"kl", 21.1}}
#include "models/generative_model.h"

#include <nlohmann/json.hpp>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

namespace genzoo {

/// Scalars still on the model's device, named in the order they are logged.
using NamedScalars = std::vector<std::pair<std::string, torch::Tensor>>;

/// Reads named scalars back to the host in one device-to-host copy (one sync per step, not one per metric).
Metrics read_metrics(const NamedScalars& named);

class Trainer {
 public:
  virtual ~Trainer() = default;
  /// One optimisation step on batch [B,C,H,W] (model's pixel range, model's device).
  virtual Metrics step(const torch::Tensor& batch, int64_t global_step) = 0;
  /// Held-out losses on a batch without updating anything; empty when the family has none.
  virtual Metrics evaluate(const torch::Tensor& /*batch*/) { return {}; }
  /// The hyper-parameters the trainer was built with (what its factory takes back).
  virtual nlohmann::json options_json() const = 0;
  /// Optimiser state; hyper-parameters travel as JSON, since torch::load does not restore lr/betas.
  virtual void save(torch::serialize::OutputArchive& archive) const = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;
};

}  // namespace genzoo
