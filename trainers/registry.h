#pragma once
/// The model zoo: one explicit table, name -> description, default recipe, model factory, trainer factory.
///
///   for (const auto& name : genzoo::list_models()) std::cout << name << "\n";
///   auto model = genzoo::make_model("vae", {{"latent", 32}});
///
/// The table sits in trainers/ because each row names both a model and the trainer that fits it.
#include "models/generative_model.h"
#include "trainers/trainer.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace genzoo {

using ModelFactory = std::function<std::shared_ptr<GenerativeModel>(const nlohmann::json& options)>;
using TrainerFactory = std::function<std::unique_ptr<Trainer>(std::shared_ptr<GenerativeModel> model,
                                                              const nlohmann::json& options)>;

struct ModelEntry {
  std::string name;
  std::string description;          // one line
  nlohmann::json model_options;     // defaults, complete
  nlohmann::json trainer_options;   // defaults, complete
  int64_t batch_size = 128;
  int64_t epochs = 10;
  ModelFactory make_model;          // strict: unknown option keys are errors
  TrainerFactory make_trainer;
};

class Registry {
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

/// genzoo's registry: every row here trains, samples and loads.
const Registry& model_registry();
/// Names of the registered models, sorted.
std::vector<std::string> list_models();
/// Builds a registered model; `options` override the row's defaults key by key.
std::shared_ptr<GenerativeModel> make_model(const std::string& name,
                                            const nlohmann::json& options = nlohmann::json::object());

}  // namespace genzoo
