#include "trainers/registry.h"

#include "data/error.h"
#include "models/vae.h"
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

Registry build_registry() {
  Registry registry;
  registry.add({"vae",
                "VAE (Kingma & Welling 2014), MLP 784-400-20 as in pytorch/examples, Bernoulli decoder",
                VaeOptions().to_json(), VaeTrainerOptions().to_json(), /*batch_size=*/128, /*epochs=*/10,
                [](const nlohmann::json& o) { return std::make_shared<VaeImpl>(VaeOptions::from_json(o)); },
                make_vae_trainer});
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
