#include "trainers/vae_trainer.h"

#include "data/error.h"
#include "models/options_json.h"
#include "trainers/adam.h"

#include <torch/torch.h>

namespace genzoo {
namespace {

// One device-to-host copy per step. With per_dim, adds "kl/<i>" for each latent dimension.
Metrics to_metrics(const VaeLoss& loss, const char* first, bool per_dim) {
  std::vector<torch::Tensor> parts = {loss.loss.detach().reshape({1}), loss.recon.detach().reshape({1}),
                                      loss.kl.detach().reshape({1})};
  if (per_dim) parts.push_back(loss.kl_per_dim.detach());
  auto values = torch::cat(parts).to(torch::kCPU, torch::kFloat64);
  auto v = values.accessor<double, 1>();
  Metrics metrics = {{first, v[0]}, {"recon", v[1]}, {"kl", v[2]}};
  for (int64_t i = 3; per_dim && i < values.size(0); ++i) metrics.emplace_back("kl/" + std::to_string(i - 3), v[i]);
  return metrics;
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
  auto metrics = to_metrics(loss, "loss", /*per_dim=*/false);
  for (const auto& entry : model_->objective_state(global_step)) metrics.push_back(entry);
  return metrics;
}

Metrics VaeTrainer::evaluate(const torch::Tensor& batch) {
  torch::NoGradGuard no_grad;
  const bool was_training = model_->is_training();
  model_->eval();
  auto metrics = to_metrics(elbo_loss(model_->forward(batch), batch), "nelbo", /*per_dim=*/true);
  model_->train(was_training);
  return metrics;
}

void VaeTrainer::save(torch::serialize::OutputArchive& archive) const {
  torch::serialize::OutputArchive adam(archive.compilation_unit());
  optimizer_.save(adam);
  archive.write("adam", adam);
}

void VaeTrainer::load(torch::serialize::InputArchive& archive) {
  torch::serialize::InputArchive adam;
  if (!archive.try_read("adam", adam)) throw Error("checkpoint: trainer state 'adam' is missing");
  optimizer_.load(adam);
  move_adam_state_to_params(optimizer_);
}

}  // namespace genzoo
