#include "trainers/registry.h"

#include "data/error.h"
#include "models/beta_vae.h"
#include "models/dcgan.h"
#include "models/vae.h"
#include "trainers/gan_trainer.h"
#include "trainers/vae_trainer.h"

#include <algorithm>

namespace genzoo {
namespace {

template <typename Family>
std::shared_ptr<Family> as(const std::shared_ptr<GenerativeModel>& model, const char* family) {
  auto typed = std::dynamic_pointer_cast<Family>(model);
  if (!typed) throw Error("trainer for " + std::string(family) + " models got a '" + model->registry_name() + "' model");
  return typed;
}

std::unique_ptr<Trainer> make_vae_trainer(std::shared_ptr<GenerativeModel> model, const nlohmann::json& options) {
  return std::make_unique<VaeTrainer>(as<VariationalModel>(model, "VAE-family"),
                                      VaeTrainerOptions::from_json(options));
}

std::unique_ptr<Trainer> make_gan_trainer(std::shared_ptr<GenerativeModel> model, const nlohmann::json& options) {
  return std::make_unique<GanTrainer>(as<DcganImpl>(model, "GAN-family"), GanTrainerOptions::from_json(options));
}

std::shared_ptr<GenerativeModel> make_dcgan(const nlohmann::json& options) {
  return std::make_shared<DcganImpl>(DcganOptions::from_json(options));
}

Registry build_registry() {
  Registry registry;
  registry.add({"vae",
                "VAE (Kingma & Welling 2014), MLP 784-400-20 as in pytorch/examples, Bernoulli decoder",
                VaeOptions().to_json(), VaeTrainerOptions().to_json(), /*batch_size=*/128, /*epochs=*/10,
                [](const nlohmann::json& o) { return std::make_shared<VaeImpl>(VaeOptions::from_json(o)); },
                make_vae_trainer});
  registry.add({"beta-vae",
                "β-VAE (Higgins et al. 2017), conv encoder/decoder, latent 10, β = 4; objective \"B\" for "
                "Burgess et al. 2018's capacity schedule",
                BetaVaeOptions().to_json(), VaeTrainerOptions().lr(1e-3).to_json(), /*batch_size=*/128,
                /*epochs=*/10,
                [](const nlohmann::json& o) { return std::make_shared<BetaVaeImpl>(BetaVaeOptions::from_json(o)); },
                make_vae_trainer});
  // gan, lsgan and wgan-gp: one network (models/dcgan.h), three recipes.
  registry.add({"gan",
                "DCGAN (pytorch/examples cpp/dcgan, 28x28), non-saturating GAN loss (Goodfellow et al. 2014)",
                DcganOptions().to_json(), GanTrainerOptions().loss("gan").to_json(), /*batch_size=*/64,
                /*epochs=*/5, make_dcgan, make_gan_trainer});
  registry.add({"lsgan", "DCGAN (28x28) with the least-squares loss, 0-1 coding (Mao et al. 2017)",
                DcganOptions().to_json(), GanTrainerOptions().loss("lsgan").to_json(), /*batch_size=*/64,
                /*epochs=*/5, make_dcgan, make_gan_trainer});
  registry.add({"wgan-gp",
                "DCGAN (28x28), critic without BatchNorm, WGAN-GP: lambda 10, 5 critic steps (Gulrajani et al. 2017)",
                DcganOptions().critic_norm("none").to_json(),
                GanTrainerOptions().loss("wgan-gp").lr(1e-4).beta1(0.5).beta2(0.9).n_critic(5).to_json(),
                // One generator step per 5 batches: 25 epochs of the 10k-digit mnist are 700 generator steps,
                // where digits appear (10 epochs still give blobs).
                /*batch_size=*/64, /*epochs=*/25, make_dcgan, make_gan_trainer});
  return registry;
}

}  // namespace

void Registry::add(ModelEntry entry) {
  if (contains(entry.name)) throw Error("registry: duplicate model name '" + entry.name + "'");
  auto at = std::lower_bound(entries_.begin(), entries_.end(), entry.name,
                             [](const ModelEntry& e, const std::string& n) { return e.name < n; });
  entries_.insert(at, std::move(entry));
}

bool Registry::contains(const std::string& name) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const ModelEntry& e) { return e.name == name; });
}

const ModelEntry& Registry::find(const std::string& name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return e;
  }
  std::string known;
  for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown model '" + name + "' (known models: " + known + ")");
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.name);
  return out;
}

const Registry& model_registry() {
  static const Registry registry = build_registry();
  return registry;
}

std::vector<std::string> list_models() { return model_registry().names(); }

std::shared_ptr<GenerativeModel> make_model(const std::string& name, const nlohmann::json& options) {
  const auto& entry = model_registry().find(name);
  auto merged = entry.model_options;
  merged.update(options);
  auto model = entry.make_model(merged);
  model->set_registry_name(name);
  return model;
}

}  // namespace genzoo
