#pragma once
/// The model half of genzoo's zoo: one explicit table, name -> description, default options, factory. Each row
/// is a registry name a user types (`gan`, `lsgan` and `wgan-gp` are rows over one architecture, models/dcgan.h);
/// the recipe that trains it, same name, is in run/recipes.h.
///
///   for (const auto& name : genzoo::list_models()) std::cout << name << "\n";     // sorted
///   auto model = genzoo::make_model("vae", {{"latent", 32}});                    // unknown keys are errors
///   auto options = genzoo::model_entry("wgan-gp").complete_options({});          // every default filled in
#include "models/generative_model.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace genzoo {

struct ModelEntry {
  /// The registry name ("vae", "gan", ...).
  std::string name;
  /// One line for `genzoo list`.
  std::string description;
  /// The row's default options, complete.
  nlohmann::json default_options;
  /// Options over the defaults, read strictly and validated without building a model: the complete options.
  std::function<nlohmann::json(const nlohmann::json& options)> complete_options;
  /// Builds the network from complete options.
  std::function<std::shared_ptr<GenerativeModel>(const nlohmann::json& options)> make;
  /// Keys that files of earlier versions keep in the model options but that are training hyperparameters now (the
  /// β-VAE's objective): the network ignores them, and a run's config moves them to its trainer options
  /// (run/config.h), so old checkpoints, exports and configs load and resume.
  std::vector<std::string> moved_to_trainer;
};

class ModelRegistry {
 public:
  /// Adds a row; a duplicate name is an error.
  void add(ModelEntry entry);
  /// The row for `name`; an unknown name is an error listing the known names.
  const ModelEntry& find(const std::string& name) const;
  bool contains(const std::string& name) const;
  /// Names, sorted.
  std::vector<std::string> names() const;

 private:
  std::vector<ModelEntry> entries_;  // kept sorted by name
};

/// genzoo's models: every row here trains, samples and loads.
const ModelRegistry& model_registry();
/// model_registry().find(name).
const ModelEntry& model_entry(const std::string& name);
/// Names of the registered models, sorted.
std::vector<std::string> list_models();
/// Builds a registered model; `options` override the row's defaults key by key.
std::shared_ptr<GenerativeModel> make_model(const std::string& name,
                                            const nlohmann::json& options = nlohmann::json::object());

}  // namespace genzoo
