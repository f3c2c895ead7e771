#include "trainers/vae_trainer.h"

#include "optim/adam.h"

#include <torch/torch.h>

#include <algorithm>

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

torch::optim::AdamOptions validated_adam(const VaeTrainerOptions& options) {
  options.validate();
  return adam_options(options.lr(), options.beta1(), options.beta2());
}

}  // namespace

void VaeTrainerOptions::validate(const std::string& context) const {
  validate_adam(lr(), beta1(), beta2(), context);
  require(objective() == "elbo" || objective() == "H" || objective() == "B", context, "objective",
          "\"elbo\", \"H\" or \"B\"", json_text(objective()));
  require(beta() >= 0, context, "beta", "a number >= 0", format_number(beta()));
  require(gamma() >= 0, context, "gamma", "a number >= 0", format_number(gamma()));
  require(c_max() >= 0, context, "c_max", "a number >= 0", format_number(c_max()));
  require(capacity_steps() > 0, context, "capacity_steps", "a positive integer", std::to_string(capacity_steps()));
}

double VaeTrainerOptions::capacity(int64_t step) const {
  return c_max() * std::min(1.0, static_cast<double>(step) / static_cast<double>(capacity_steps()));
}

VaeLoss VaeTrainerOptions::objective_of(VaeLoss parts, int64_t step) const {
  if (objective() == "H") parts.loss = parts.recon + beta() * parts.kl;
  if (objective() == "B") parts.loss = parts.recon + gamma() * (parts.kl - capacity(step)).abs();
  return parts;
}

Metrics VaeTrainerOptions::schedule(int64_t step) const {
  if (objective() == "H") return {{"beta", beta()}};
  if (objective() == "B") return {{"capacity", capacity(step)}};
  return {};
}

VaeTrainer::VaeTrainer(std::shared_ptr<VariationalModel> model, const VaeTrainerOptions& options)
    : model_(std::move(model)),
      options_(options),
      optimizer_(model_->parameters(), validated_adam(options)) {}

Metrics VaeTrainer::step(const torch::Tensor& batch, int64_t global_step) {
  model_->train();
  VaeLoss loss;
  {
    auto timed = phase("forward");
    auto eps = draw_noise(batch.size(0), [&](int64_t n) {
      return torch::randn({n, model_->latent_size()}, batch.options());  // [B,latent]
    });
    auto out = model_->forward(batch, eps);  // recon_logits [B,C,H,W], mean/logvar [B,latent]
    loss = options_.objective_of(elbo_loss(out, batch), global_step);
  }
  {
    auto timed = phase("backward");
    optimizer_.clear_grads();
    loss.loss.backward();
  }
  sync_gradients(model_->parameters(), batch.size(0));
  {
    auto timed = phase("optimizer");
    optimizer_.step();
  }
  auto metrics = read_metrics(named_parts(loss, "loss", /*per_dim=*/false));
  for (const auto& entry : options_.schedule(global_step)) metrics.push_back(entry);
  return metrics;
}

Metrics VaeTrainer::evaluate(const torch::Tensor& batch) {
  EvalScope scope(*model_);
  return read_metrics(named_parts(elbo_loss(model_->forward(batch), batch), "nelbo", /*per_dim=*/true));
}

void VaeTrainer::save(torch::serialize::OutputArchive& archive) const { write_adam(archive, "adam", optimizer_); }

void VaeTrainer::load(torch::serialize::InputArchive& archive) { read_adam(archive, "adam", optimizer_); }

}  // namespace genzoo
