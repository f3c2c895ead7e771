#include "run/recipes.h"

#include "core/error.h"
#include "core/json.h"
#include "models/dcgan.h"
#include "models/registry.h"
#include "trainers/gan_trainer.h"
#include "trainers/vae_trainer.h"

#include <algorithm>
#include <sstream>

namespace genzoo {
namespace {

template <typename Family>
std::shared_ptr<Family> as(const std::shared_ptr<GenerativeModel>& model, const char* family) {
  auto typed = std::dynamic_pointer_cast<Family>(model);
  if (!typed) {
    throw Error("trainer for " + std::string(family) + " models got a '" + model->registry_name() + "' model");
  }
  return typed;
}

// A recipe whose trainer is TrainerT over models of type Family, with options Options, trained for `steps` steps.
template <typename TrainerT, typename Family, typename Options>
Recipe recipe(std::string name, Options defaults, int64_t batch_size, int64_t steps, const char* family,
              nlohmann::json model_options = nlohmann::json::object()) {
  const std::string context = name + " trainer options";
  Recipe r;
  r.name = std::move(name);
  r.trainer_options = options_to_json(defaults);
  r.complete_trainer_options = options_completer(context, defaults);
  r.make_trainer = [context, defaults, family](std::shared_ptr<GenerativeModel> model, const nlohmann::json& o) {
    return std::unique_ptr<Trainer>(
        std::make_unique<TrainerT>(as<Family>(model, family), options_from_json<Options>(o, context, defaults)));
  };
  r.batch_size = batch_size;
  r.steps = steps;
  r.model_options = std::move(model_options);
  return r;
}

std::vector<Recipe> build_recipes() {
  // Every GAN trains with a moving average of the generator beside it, whose best checkpoint samples better than
  // the trained generator's on both datasets (docs/results.md; wgan-gp's only under its one-pass recipe).
  const nlohmann::json generator_average = {{"ema_decay", 0.999}};
  // Each step budget is where the model's score curve levels off (docs/history/score-curves.md: FLD improving by
  // under 5-10% over the last fifth of the run, precision levelling off); the numbers live in the rows below only.
  std::vector<Recipe> recipes = {
      recipe<VaeTrainer, VariationalModel>("vae", VaeTrainerOptions(), 128, 20000, "VAE-family"),
      recipe<VaeTrainer, VariationalModel>("beta-vae", VaeTrainerOptions().lr(1e-3).objective("H").beta(4), 128, 6000,
                                           "VAE-family"),
      recipe<GanTrainer, DcganImpl>("gan", GanTrainerOptions().loss("gan"), 64, 16000, "GAN-family",
                                    generator_average),
      recipe<GanTrainer, DcganImpl>("lsgan", GanTrainerOptions().loss("lsgan"), 64, 16000, "GAN-family",
                                    generator_average),
      // One critic pass per generator step at lr 2e-4: over the same time it draws better than the paper's five
      // passes at lr 1e-4 (docs/results.md, "wgan-gp's recipe").
      recipe<GanTrainer, DcganImpl>("wgan-gp",
                                    GanTrainerOptions().loss("wgan-gp").lr(2e-4).beta1(0.5).beta2(0.9).n_critic(1),
                                    64, 20000, "GAN-family", generator_average),
  };
  std::sort(recipes.begin(), recipes.end(), [](const Recipe& a, const Recipe& b) { return a.name < b.name; });
  std::vector<std::string> names;
  for (const auto& r : recipes) names.push_back(r.name);
  require_unique_names(names, "recipes");
  return recipes;
}

const std::vector<Recipe>& recipes() {
  static const std::vector<Recipe> table = build_recipes();
  return table;
}

}  // namespace

const Recipe& find_recipe(const std::string& name) {
  for (const auto& r : recipes()) {
    if (r.name == name) return r;
  }
  model_entry(name);  // an unknown name: the registry's error lists the known names
  throw Error("model '" + name + "' has no training recipe");
}

std::vector<std::string> list_recipes() {
  std::vector<std::string> names;
  for (const auto& r : recipes()) names.push_back(r.name);
  return names;
}

std::string recipe_summary(const Recipe& recipe) {
  const auto& o = recipe.trainer_options;
  std::ostringstream out;
  out << "batch " << recipe.batch_size << ", " << recipe.steps << " steps, Adam lr " << o.at("lr").get<double>()
      << " (" << o.at("beta1").get<double>() << ", " << o.at("beta2").get<double>() << ")";
  if (o.contains("loss")) out << ", loss " << o.at("loss").get<std::string>();
  const auto objective = o.value("objective", std::string());
  if (objective == "H") out << ", objective H, beta " << o.at("beta").get<double>();
  if (objective == "B") out << ", objective B, gamma " << o.at("gamma").get<double>();
  if (o.contains("n_critic")) out << ", " << o.at("n_critic").get<int64_t>() << " critic update(s) a step";
  return out.str();
}

}  // namespace genzoo
