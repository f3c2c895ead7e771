#pragma once
/// The recipe half of genzoo's zoo: for each registry name (models/registry.h), the trainer that fits it, the
/// trainer's default options, the batch size and the schedule. A row of the two tables together is a recipe.
///
///   const auto& recipe = genzoo::find_recipe("wgan-gp");          // recipe.batch_size, recipe.steps, ...
///   auto trainer = recipe.make_trainer(model, recipe.complete_trainer_options({{"lr", 5e-5}}));
#include "models/generative_model.h"
#include "trainers/trainer.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace genzoo {

struct Recipe {
  /// The registry name it trains.
  std::string name;
  /// Model options the recipe sets over the architecture's defaults (e.g. a generator average for training).
  nlohmann::json model_options = nlohmann::json::object();
  /// The trainer's default options, complete.
  nlohmann::json trainer_options;
  /// Options over the defaults, read strictly and validated without building a trainer: the complete options.
  std::function<nlohmann::json(const nlohmann::json& options)> complete_trainer_options;
  /// Builds the trainer of a model from complete options.
  std::function<std::unique_ptr<Trainer>(std::shared_ptr<GenerativeModel> model, const nlohmann::json& options)>
      make_trainer;
  int64_t batch_size = 128;
  /// The default budget in steps, chosen from measured score curves (docs/results.md); asking for epochs replaces it.
  int64_t steps = 0;
};

/// The recipe for a registry name; an unknown name is an error listing the known names.
const Recipe& find_recipe(const std::string& name);
/// Names with a recipe, sorted: the same names as list_models().
std::vector<std::string> list_recipes();
/// One line for `genzoo list`, made from the recipe itself: "batch 64, 20000 steps, Adam lr 0.0002 (0.5, 0.9), ...".
std::string recipe_summary(const Recipe& recipe);

}  // namespace genzoo
