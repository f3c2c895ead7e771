#include "run/config.h"

#include "core/json.h"
#include "core/runtime.h"
#include "core/text.h"
#include "data/image_decode.h"
#include "models/image_shape.h"
#include "models/registry.h"
#include "run/recipes.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <tuple>
#include <vector>

namespace genzoo {
namespace {

std::string timestamp() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", std::localtime(&now));
  return buf;
}

}  // namespace

void TrainConfig::validate(const std::string& context) const {
  const std::vector<std::tuple<const char*, int64_t, int64_t, int64_t>> bounded = {
      {"batch_size", batch_size, 1, kMaxBatchSize}, {"log_every", log_every, 1, kMaxSteps},
      {"grid_n", grid_n, 1, kMaxGridImages},       {"grid_nrow", grid_nrow, 1, kMaxGridImages},
      {"epochs", epochs, 0, kMaxEpochs},           {"steps", steps, 0, kMaxSteps},
      {"train_subset", train_subset, 0, kMaxSteps}, {"eval_every", eval_every, 0, kMaxSteps},
      {"eval_samples", eval_samples, 4, kMaxEvalSamples}, {"threads", threads, 0, kMaxThreads}};
  for (const auto& [key, value, low, high] : bounded) {
    require(value >= low && value <= high, context, key,
            "an integer from " + std::to_string(low) + " to " + std::to_string(high), std::to_string(value));
  }
  require(epochs > 0 || steps > 0, context, "epochs/steps", "a positive epoch count or step budget",
          std::to_string(epochs) + "/" + std::to_string(steps));
  for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"model", model},
                                   {"data", data},
                                   {"data_dir", data_dir},
                                   {"out_dir", out_dir},
                                   {"eval_classifier", eval_classifier}}) {
    require(is_utf8(value), context, key, "UTF-8 text", json_text(value));
  }
  require(device == "auto" || device == "cpu" || device == "cuda", context, "device", "auto, cpu or cuda",
          "'" + device + "'");
  if (image_size != 0) validate_image_shape(context, channels == 0 ? kDefaultChannels : channels, image_size);
  require(channels == 0 || channels == 1 || channels == 3, context, "channels", "0 (from the data), 1 or 3",
          std::to_string(channels));
  (void)parse_hex_colour(background, context + ": background");
}

nlohmann::json TrainConfig::to_json() const { return options_to_json(*this); }

TrainConfig TrainConfig::from_json(const nlohmann::json& j, const std::string& context) {
  auto c = options_from_json<TrainConfig>(j, context);
  if (model_registry().contains(c.model) && c.model_options.is_object()) {
    for (const auto& key : model_entry(c.model).moved_to_trainer) {  // a config or checkpoint of an earlier version
      if (!c.model_options.contains(key)) continue;
      if (c.trainer_options.is_object()) c.trainer_options[key] = c.model_options[key];
      c.model_options.erase(key);
    }
  }
  return c;
}

void TrainOverrides::apply(TrainConfig& c) const {
  if (model) c.model = *model;
  if (data) c.data = *data;
  if (data_dir) c.data_dir = *data_dir;
  if (device) c.device = *device;
  if (out_dir) c.out_dir = *out_dir;
  if (epochs) c.epochs = *epochs;
  if (steps) c.steps = *steps;
  apply_budget_rule(c, epochs.has_value(), steps.has_value());
  if (batch_size) c.batch_size = *batch_size;
  if (threads) c.threads = *threads;
  if (lr) c.trainer_options["lr"] = *lr;
  if (seed) c.seed = *seed;
  if (eval_every) c.eval_every = *eval_every;
  if (eval_samples) c.eval_samples = *eval_samples;
  if (tensorboard) c.tensorboard = *tensorboard;
  if (image_size) c.image_size = *image_size;
  if (channels) c.channels = *channels;
  if (background) c.background = *background;
  if (skip_bad_images) c.skip_bad_images = *skip_bad_images;
}

ImageFolderOptions folder_options(const TrainConfig& config) {
  return ImageFolderOptions()
      .image_size(config.image_size == 0 ? kDefaultFolderImageSize : config.image_size)
      .channels(config.channels)
      .background(config.background)
      .skip_bad(config.skip_bad_images);
}

void adopt_data_shape(TrainConfig& config, const Dataset& train) {
  const ImageShape data = train.image_shape();
  if (config.image_size != 0 && config.image_size != data[1]) {
    throw Error("image_size: " + std::to_string(config.image_size) + " resizes an image folder's images, but " +
                printable(train.images_file.string()) + " holds IDX images of " + shape_text(data));
  }
  validate_image_shape(printable(train.images_file.string()), data[0], data[1]);
  const auto options = config.model_options;
  const ImageShape asked = {options.value("channels", kDefaultChannels), options.value("image_size", kDefaultImageSize),
                            options.value("image_size", kDefaultImageSize)};
  const ImageShape fallback = {kDefaultChannels, kDefaultImageSize, kDefaultImageSize};
  if (asked != fallback && asked != data) {
    throw Error("model_options: channels and image_size ask for " + shape_text(asked) + " images, but " +
                printable(train.images_file.string()) + " holds " + shape_text(data) +
                " (set --image-size and --channels for an image folder)");
  }
  config.channels = data[0];
  config.image_size = data[1];
  config.model_options["channels"] = data[0];
  config.model_options["image_size"] = data[1];
}

void apply_budget_rule(TrainConfig& config, bool asks_epochs, bool asks_steps) {
  if (asks_epochs && !asks_steps) config.steps = 0;
}

bool sets_key(const std::vector<std::string>& sets, const std::string& key) {
  return std::any_of(sets.begin(), sets.end(), [&](const std::string& s) { return s.rfind(key + "=", 0) == 0; });
}

void complete_options(TrainConfig& config) {
  config.model_options = model_entry(config.model).complete_options(config.model_options);
  config.trainer_options = find_recipe(config.model).complete_trainer_options(config.trainer_options);
}

TrainConfig resolve_train_config(const std::string& model, const nlohmann::json& file_config,
                                 const std::vector<std::string>& sets, const TrainOverrides& overrides) {
  const auto& recipe = find_recipe(model);
  TrainConfig defaults;
  defaults.model = model;
  defaults.model_options = model_entry(model).default_options;
  defaults.model_options.update(recipe.model_options);
  defaults.trainer_options = recipe.trainer_options;
  defaults.batch_size = recipe.batch_size;
  defaults.steps = recipe.steps;
  nlohmann::json j = defaults.to_json();
  if (!file_config.is_null() && !file_config.is_object()) {
    throw Error("config file: expected a JSON object, found " + std::string(file_config.type_name()));
  }
  const auto file = file_config.is_null() ? nlohmann::json::object() : file_config;
  for (const auto& [key, value] : file.items()) {
    if ((key == "model_options" || key == "trainer_options") && value.is_object()) {
      j[key].update(value);
    } else {
      j[key] = value;
    }
  }
  for (const auto& s : sets) apply_set(j, s);
  const auto names = [&](const char* key) { return file.contains(key) || sets_key(sets, key); };
  auto config = TrainConfig::from_json(j, "config");
  apply_budget_rule(config, names("epochs"), names("steps"));
  overrides.apply(config);
  config.validate("config");
  if (config.model != model) {
    throw Error("config: model: expected '" + model + "' (the model being trained), found '" + config.model + "'");
  }
  complete_options(config);
  if (config.out_dir.empty()) config.out_dir = (std::filesystem::path("runs") / (model + "-" + timestamp())).string();
  return config;
}

}  // namespace genzoo
