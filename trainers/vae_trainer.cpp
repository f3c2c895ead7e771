#include "trainers/vae_trainer.h"

#include "models/options_json.h"
#include "trainers/adam.h"

#include <torch/torch.h>

namespace genzoo {
namespace {

// The loss parts; with per_dim also "kl/<i>" for each latent dimension.
NamedScalars named_parts(const VaeLoss& loss, const char* first, bool per_dim) {
  NamedScalars named = {{first, loss.loss.detach()}, {"recon", loss.recon.detach()}, {"kl", loss.kl.detach()}};
  for (int64_t i = 0; per_dim && i < loss.kl_per_dim.size(0); ++i) {
    named.emplace_back("kl/" + std::to_string(i), loss.kl_per_dim[i].detach());
  }
  return named;
}

}  // namespace

nlohmann::json VaeTrainerOptions::to_json() const {
  return {{"lr", lr()}, {"beta1", beta1()}, {"beta2", beta2()}};
}

VaeTrainerOptions VaeTrainerOptions::from_json(const nlohmann::json& j) {
  VaeTrainerOptions o;
  JsonReader(j, "vae trainer options")
      .read("lr", o.lr())
      .read("beta1", o.beta1())
      .read("beta2", o.beta2())
      .finish();
  return o;
}

VaeTrainer::VaeTrainer(std::shared_ptr<VariationalModel> model, const VaeTrainerOptions& options)
    : model_(std::move(model)), options_(options), optimizer_(model_->parameters(),
                 adam_options(options.lr(), options.beta1(), options.beta2(), "vae trainer options")) {}

Metrics VaeTrainer::step(const torch::Tensor& batch, int64_t global_step) {
  model_->train();
  auto out = model_->forward(batch);  // recon_logits [B,1,28,28], mean/logvar [B,latent]
  auto loss = model_->objective(out, batch, global_step);
  optimizer_.zero_grad();
  loss.loss.backward();
  optimizer_.step();
  auto metrics = read_metrics(named_parts(loss, "loss", /*per_dim=*/false));
  for (const auto& entry : model_->objective_state(global_step)) metrics.push_back(entry);
  return metrics;
}

Metrics VaeTrainer::evaluate(const torch::Tensor& batch) {
  EvalScope scope(*model_);
  return read_metrics(named_parts(elbo_loss(model_->forward(batch), batch), "nelbo", /*per_dim=*/true));
}

void VaeTrainer::save(torch::serialize::OutputArchive& archive) const { write_adam(archive, "adam", optimizer_); }

void VaeTrainer::load(torch::serialize::InputArchive& archive) { read_adam(archive, "adam", optimizer_); }

}  // namespace genzoo
