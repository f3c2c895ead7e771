#include "models/registry.h"

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "models/beta_vae.h"
#include "models/dcgan.h"
#include "models/vae.h"

#include <algorithm>
#include <sstream>

namespace genzoo {
namespace {

// Options without the keys that moved to the trainer (ModelEntry::moved_to_trainer).
nlohmann::json without(nlohmann::json options, const std::vector<std::string>& keys) {
  if (options.is_object()) {
    for (const auto& key : keys) options.erase(key);
  }
  return options;
}

// A row for networks of type Impl with options Options; `defaults` make the row a recipe of the architecture.
template <typename Impl, typename Options>
ModelEntry row(std::string name, std::string description, Options defaults, std::vector<std::string> moved = {}) {
  const std::string context = name + " options";
  const auto complete = options_completer(context, defaults);
  return {name,
          std::move(description),
          options_to_json(defaults),
          [complete, moved](const nlohmann::json& o) { return complete(without(o, moved)); },
          [context, defaults, moved](const nlohmann::json& o) -> std::shared_ptr<GenerativeModel> {
            return std::make_shared<Impl>(options_from_json<Options>(without(o, moved), context, defaults));
          },
          moved};
}

std::string number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Descriptions name the architecture only; numbers in them come from the options they describe, and training
// hyperparameters (losses' weights, critic updates, steps) from the recipe (run/recipes.h), which `genzoo list` prints.
ModelRegistry build_registry() {
  ModelRegistry registry;
  const std::string sizes = join(kImageSizes, [](int64_t size) { return number(size); });
  const VaeOptions vae;
  const auto mnist_pixels = vae.channels() * vae.image_size() * vae.image_size();
  registry.add(row<VaeImpl>("vae", "VAE (Kingma & Welling 2014), MLP (C·H·W)-" + number(vae.hidden()) + "-" +
                                       number(vae.latent()) + " as in pytorch/examples (" + number(mnist_pixels) +
                                       " inputs for MNIST), Bernoulli decoder",
                            vae));
  const BetaVaeOptions beta_vae;
  registry.add(row<BetaVaeImpl>("beta-vae",
                                "β-VAE (Higgins et al. 2017), conv encoder/decoder, latent " +
                                    number(beta_vae.latent()) + "; trained with β·KL (objective H) or Burgess et al. "
                                    "2018's capacity schedule (objective B)",
                                beta_vae, {"objective", "beta", "gamma", "c_max", "capacity_steps"}));
  // gan, lsgan and wgan-gp: one network (models/dcgan.h); wgan-gp's critic has no BatchNorm.
  const std::string dcgan = "DCGAN (pytorch/examples cpp/dcgan; " + sizes + " px, 1 or 3 channels)";
  registry.add(row<DcganImpl>("gan", dcgan + ", non-saturating GAN loss (Goodfellow et al. 2014)", DcganOptions()));
  registry.add(row<DcganImpl>("lsgan", dcgan + " with the least-squares loss, 0-1 coding (Mao et al. 2017)",
                              DcganOptions()));
  registry.add(row<DcganImpl>("wgan-gp", dcgan + ", critic without BatchNorm, Wasserstein loss with a gradient "
                                                 "penalty (Gulrajani et al. 2017)",
                              DcganOptions().critic_norm("none")));
  return registry;
}

}  // namespace

void ModelRegistry::add(ModelEntry entry) {
  auto names_after = names();
  names_after.push_back(entry.name);
  require_unique_names(names_after, "registry");
  auto at = std::lower_bound(entries_.begin(), entries_.end(), entry.name,
                             [](const ModelEntry& e, const std::string& n) { return e.name < n; });
  entries_.insert(at, std::move(entry));
}

bool ModelRegistry::contains(const std::string& name) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const ModelEntry& e) { return e.name == name; });
}

const ModelEntry& ModelRegistry::find(const std::string& name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return e;
  }
  throw Error("unknown model '" + name + "' (known models: " + join(names()) + ")");
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.name);
  return out;
}

const ModelRegistry& model_registry() {
  static const ModelRegistry registry = build_registry();
  return registry;
}

const ModelEntry& model_entry(const std::string& name) { return model_registry().find(name); }

std::vector<std::string> list_models() { return model_registry().names(); }

std::shared_ptr<GenerativeModel> make_model(const std::string& name, const nlohmann::json& options) {
  auto model = model_entry(name).make(options);
  model->set_registry_name(name);
  return model;
}

}  // namespace genzoo
