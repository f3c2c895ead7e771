#include "trainers/run.h"

#include "data/error.h"
#include "models/checkpoint.h"
#include "models/latent_views.h"
#include "models/safetensors.h"
#include "models/options_json.h"
#include "trainers/fit.h"
#include "trainers/pretrained.h"
#include "trainers/registry.h"
#include "trainers/runtime.h"

#include <torch/torch.h>

#include <ctime>
#include <fstream>

#ifndef GENZOO_VERSION
#define GENZOO_VERSION "unknown"
#endif

namespace genzoo {
namespace fs = std::filesystem;
namespace {

std::string timestamp() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", std::localtime(&now));
  return buf;
}

void check_positive(int64_t value, const char* key) {
  require(value > 0, "config", key, "a positive integer", std::to_string(value));
}

// Builds the model and trainer of a config; also validates and completes their options.
struct Built {
  std::shared_ptr<GenerativeModel> model;
  std::unique_ptr<Trainer> trainer;
};

Built build(const TrainConfig& config) {
  const auto& entry = model_registry().find(config.model);
  Built built;
  built.model = make_model(config.model, config.model_options);
  auto trainer_options = entry.trainer_options;
  trainer_options.update(config.trainer_options);
  built.trainer = entry.make_trainer(built.model, trainer_options);
  return built;
}

struct RunData {
  Dataset train;
  std::unique_ptr<Dataset> test;
};

RunData load_run_data(const TrainConfig& config, std::ostream* log) {
  RunData data{load_dataset(config.data, Split::Train, config.data_dir).head(config.train_subset), nullptr};
  try {
    data.test = std::make_unique<Dataset>(load_dataset(config.data, Split::Test, config.data_dir));
  } catch (const Error& e) {
    if (log) *log << "note: no test split, so no held-out metrics (" << e.what() << ")\n";
  }
  return data;
}

TrainOutcome run_fit(const TrainConfig& config, Built& built, FitState& state, const RunData& data,
                     const RunOptions& options) {
  const fs::path out_dir = config.out_dir;
  const auto device = resolve_device(config.device);
  built.model->to(device);
  const int64_t steps_per_epoch = BatchSampler(data.train.size(), config.batch_size, config.seed).steps_per_epoch();

  FitOptions fit_options;
  fit_options.total_steps = config.steps > 0 ? config.steps : config.epochs * steps_per_epoch;
  fit_options.batch_size = config.batch_size;
  fit_options.seed = config.seed;
  fit_options.log_every = config.log_every;
  fit_options.out_dir = out_dir;
  fit_options.grid_nrow = config.grid_nrow;
  fit_options.handle_sigint = options.handle_sigint;
  fit_options.log = options.log;
  fit_options.live_progress = options.live_progress;

  const auto save = [&](const FitState& s) {
    nlohmann::json meta = {
        {"model", config.model},
        {"model_options", built.model->options_json()},
        {"config", config.to_json()},
        {"state", {{"step", s.step}, {"steps_per_epoch", steps_per_epoch},
                   {"total_steps", fit_options.total_steps}}},
        {"data", {{"name", data.train.name}, {"train_images", data.train.size()},
                  {"file", data.train.images_file.string()}}},
        {"metrics", s.last_epoch},
        {"genzoo_version", GENZOO_VERSION}};
    torch::serialize::OutputArchive archive;
    write_meta(archive, meta);
    write_module_state(archive, "model", *built.model);
    torch::serialize::OutputArchive trainer_archive(archive.compilation_unit());
    built.trainer->save(trainer_archive);
    archive.write("trainer", trainer_archive);
    archive.write("fixed_z", s.fixed_z);
    archive.write("rng_state", cpu_rng_state());
    save_atomic(archive, out_dir / "checkpoint.pt");
  };

  if (options.log) {
    *options.log << config.model << ": " << built.model->parameter_count() << " parameters, "
                 << data.train.size() << " " << data.train.name << " training images, "
                 << fit_options.total_steps << " steps of " << config.batch_size << " on "
                 << device << " with " << torch::get_num_threads() << " threads -> " << out_dir.string()
                 << "\n";
  }
  auto result = fit(*built.model, *built.trainer, data.train, data.test.get(), fit_options, state, save);
  return {out_dir, result.step, fit_options.total_steps, result.interrupted};
}

// Rebuilds the model named in a checkpoint's metadata and fills it, every tensor checked by name and shape.
std::shared_ptr<GenerativeModel> load_model(torch::serialize::InputArchive& archive, const nlohmann::json& meta,
                                            const std::string& source, const torch::Device& device) {
  if (!meta.contains("model") || !meta["model"].is_string()) throw Error(source + ": no model name");
  auto model = make_model(meta["model"].get<std::string>(), meta.value("model_options", nlohmann::json::object()));
  read_module_state(archive, "model", *model, source);
  model->to(device);
  model->eval();
  return model;
}

TrainConfig config_from_checkpoint(const nlohmann::json& meta, const std::string& source) {
  if (!meta.contains("config")) throw Error(source + ": checkpoint has no training config");
  return TrainConfig::from_json(meta["config"], source + " config");
}

bool is_safetensors(const fs::path& path) { return path.extension() == ".safetensors"; }

// A model's training-only tensors may be left out of an exported file; this metadata key names their prefix.
const char* kOmittedKey = "genzoo.omitted";

struct Exported {
  std::shared_ptr<GenerativeModel> model;
  std::map<std::string, std::string> metadata;
  nlohmann::json options;
};

Exported load_exported(const fs::path& path, const torch::Device& device) {
  auto file = read_safetensors(path);
  const auto field = [&](const std::string& key) {
    auto it = file.metadata.find(key);
    if (it == file.metadata.end()) throw Error(path.string() + ": __metadata__: '" + key + "' is missing");
    return it->second;
  };
  Exported e;
  e.metadata = file.metadata;
  e.options = nlohmann::json::parse(field("genzoo.model_options"), nullptr, false);
  if (!e.options.is_object()) throw Error(path.string() + ": __metadata__: 'genzoo.model_options': expected JSON");
  e.model = make_model(field("genzoo.model"), e.options);
  std::vector<std::string> skip;
  if (auto it = file.metadata.find(kOmittedKey); it != file.metadata.end() && !it->second.empty()) {
    skip.push_back(it->second);
  }
  load_module_tensors(*e.model, file.tensors, path.string(), skip);
  e.model->to(device);
  e.model->eval();
  return e;
}

// What an exported model trained on, from its file's metadata.
TrainConfig config_from_metadata(const std::map<std::string, std::string>& metadata) {
  TrainConfig config;
  const auto model = metadata.find("genzoo.model"), data = metadata.find("genzoo.data");
  if (model != metadata.end()) config.model = model->second;
  config.data = data != metadata.end() ? data->second : "mnist";
  return config;
}

// What a run trained on, from a checkpoint's config or an exported file's metadata.
TrainConfig source_config(const fs::path& source) {
  const auto checkpoint = resolve_model_source(source);
  if (is_safetensors(checkpoint)) return config_from_metadata(read_safetensors(checkpoint).metadata);
  const fs::path path = resolve_checkpoint_path(checkpoint);
  auto archive = open_checkpoint(path);
  return config_from_checkpoint(read_meta(archive, path.string()), path.string());
}

Dataset dataset_of(const TrainConfig& config, Split split, const std::string& data, const fs::path& data_dir) {
  if (!data.empty() && data != config.data) return load_dataset(data, split, data_dir);
  return load_dataset(config.data, split, data_dir.empty() ? fs::path(config.data_dir) : data_dir);
}

nlohmann::json active_units_info(GenerativeModel& model, const TrainConfig& config) {
  auto* vae = dynamic_cast<VariationalModel*>(&model);
  if (!vae) return nullptr;
  try {
    const auto test = dataset_of(config, Split::Test, "", {});
    const auto kl = latent_kl_per_dim(*vae, test);  // [latent]
    std::vector<double> per_dim(kl.data_ptr<double>(), kl.data_ptr<double>() + kl.numel());
    return {{"count", active_units(kl)}, {"of", vae->latent_size()}, {"threshold_nats", 0.01},
            {"data", test.name + " test, " + std::to_string(test.size()) + " images"}, {"kl_per_dim", per_dim}};
  } catch (const Error& e) {
    return std::string("unavailable: ") + e.what();
  }
}

}  // namespace

nlohmann::json TrainConfig::to_json() const {
  return {{"model", model},         {"model_options", model_options}, {"trainer_options", trainer_options},
          {"data", data},           {"data_dir", data_dir},           {"train_subset", train_subset},
          {"epochs", epochs},       {"steps", steps},                 {"batch_size", batch_size},
          {"seed", seed},           {"device", device},               {"threads", threads},
          {"log_every", log_every}, {"grid_n", grid_n},               {"grid_nrow", grid_nrow},
          {"out_dir", out_dir}};
}

TrainConfig TrainConfig::from_json(const nlohmann::json& j, const std::string& context) {
  TrainConfig c;
  JsonReader(j, context)
      .read("model", c.model)
      .read_object("model_options", c.model_options)
      .read_object("trainer_options", c.trainer_options)
      .read("data", c.data)
      .read("data_dir", c.data_dir)
      .read("train_subset", c.train_subset)
      .read("epochs", c.epochs)
      .read("steps", c.steps)
      .read("batch_size", c.batch_size)
      .read("seed", c.seed)
      .read("device", c.device)
      .read("threads", c.threads)
      .read("log_every", c.log_every)
      .read("grid_n", c.grid_n)
      .read("grid_nrow", c.grid_nrow)
      .read("out_dir", c.out_dir)
      .finish();
  check_positive(c.batch_size, "batch_size");
  check_positive(c.log_every, "log_every");
  check_positive(c.grid_n, "grid_n");
  check_positive(c.grid_nrow, "grid_nrow");
  require(c.epochs > 0 || c.steps > 0, context, "epochs/steps", "a positive epoch count or step budget",
          std::to_string(c.epochs) + "/" + std::to_string(c.steps));
  require(c.steps >= 0, context, "steps", "a step budget >= 0", std::to_string(c.steps));
  require(c.train_subset >= 0, context, "train_subset", "a count >= 0", std::to_string(c.train_subset));
  return c;
}

nlohmann::json read_json_file(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(path.string() + ": cannot open");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path.string() + ": invalid JSON (" + e.what() + ")");
  }
}

void apply_set(nlohmann::json& config, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw Error("--set '" + assignment + "': expected key=value");
  }
  const std::string key = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;
  nlohmann::json* node = &config;
  size_t begin = 0;
  for (size_t dot; (dot = key.find('.', begin)) != std::string::npos; begin = dot + 1) {
    node = &(*node)[key.substr(begin, dot - begin)];
    if (!node->is_object()) {
      throw Error("--set '" + assignment + "': '" + key.substr(0, dot) + "' is not an object");
    }
  }
  (*node)[key.substr(begin)] = value;
}

TrainConfig resolve_train_config(const std::string& model, const nlohmann::json& file_config,
                                 const std::vector<std::string>& sets) {
  const auto& entry = model_registry().find(model);
  nlohmann::json j = TrainConfig{}.to_json();
  j["model"] = model;
  j["model_options"] = entry.model_options;
  j["trainer_options"] = entry.trainer_options;
  j["batch_size"] = entry.batch_size;
  j["epochs"] = entry.epochs;
  if (!file_config.is_null() && !file_config.is_object()) {
    throw Error("config file: expected a JSON object, found " + std::string(file_config.type_name()));
  }
  const auto file = file_config.is_null() ? nlohmann::json::object() : file_config;
  for (const auto& [key, value] : file.items()) {
    if ((key == "model_options" || key == "trainer_options") && value.is_object() && j.contains(key)) {
      j[key].update(value);
    } else {
      j[key] = value;
    }
  }
  for (const auto& s : sets) apply_set(j, s);
  auto config = TrainConfig::from_json(j, "config");
  if (config.model != model) {
    throw Error("config: model: expected '" + model + "' (the model being trained), found '" + config.model + "'");
  }
  auto built = build(config);  // validates and completes the options
  config.model_options = built.model->options_json();
  config.trainer_options = built.trainer->options_json();
  if (config.out_dir.empty()) config.out_dir = (fs::path("runs") / (model + "-" + timestamp())).string();
  return config;
}

TrainOutcome train(const TrainConfig& config, const RunOptions& options) {
  const fs::path out_dir = config.out_dir;
  if (fs::exists(out_dir / "checkpoint.pt")) {
    throw Error(out_dir.string() + ": already holds a run; continue it with --resume " + out_dir.string() +
                " or choose another --out");
  }
  configure_threads(config.threads);
  torch::manual_seed(config.seed);
  auto built = build(config);
  FitState state;
  state.fixed_z = built.model->sample_latent(config.grid_n, config.seed);  // [grid_n,latent]
  const auto data = load_run_data(config, options.log);  // before the run directory: bad data leaves nothing behind
  fs::create_directories(out_dir);
  write_text_atomic(out_dir / "config.json", config.to_json().dump(2) + "\n");
  return run_fit(config, built, state, data, options);
}

TrainOutcome resume(const fs::path& run_dir, const std::vector<std::string>& sets, const RunOptions& options) {
  const fs::path path = resolve_checkpoint_path(run_dir);
  auto archive = open_checkpoint(path);
  const auto meta = read_meta(archive, path.string());
  const auto saved = config_from_checkpoint(meta, path.string());
  nlohmann::json j = saved.to_json();
  for (const auto& s : sets) apply_set(j, s);
  auto config = TrainConfig::from_json(j, "config");
  if (config.model != saved.model) {
    throw Error(path.string() + ": cannot resume a '" + saved.model + "' run as '" + config.model + "'");
  }
  auto requested = saved.model_options;
  requested.update(config.model_options);
  if (requested != saved.model_options) {
    throw Error(path.string() + ": model options differ from the checkpoint's: expected " +
                saved.model_options.dump() + ", found " + requested.dump());
  }
  config.out_dir = fs::is_directory(run_dir) ? run_dir.string() : path.parent_path().string();

  configure_threads(config.threads);
  auto built = build(config);
  read_module_state(archive, "model", *built.model, path.string());
  torch::serialize::InputArchive trainer_archive;
  if (!archive.try_read("trainer", trainer_archive)) throw Error(path.string() + ": trainer state is missing");
  built.model->to(resolve_device(config.device));
  built.trainer->load(trainer_archive);

  FitState state;
  state.step = meta.at("state").at("step").get<int64_t>();
  state.last_epoch = meta.value("metrics", nlohmann::json::object());
  archive.read("fixed_z", state.fixed_z);
  torch::Tensor rng;
  if (archive.try_read("rng_state", rng)) set_cpu_rng_state(rng);
  write_text_atomic(fs::path(config.out_dir) / "config.json", config.to_json().dump(2) + "\n");
  if (options.log) *options.log << "resuming " << path.string() << " at step " << state.step << "\n";
  return run_fit(config, built, state, load_run_data(config, options.log), options);
}

std::shared_ptr<GenerativeModel> load(const fs::path& source, const torch::Device& device) {
  const auto checkpoint = resolve_model_source(source);
  if (is_safetensors(checkpoint)) return load_exported(checkpoint, device).model;
  const fs::path path = resolve_checkpoint_path(checkpoint);
  auto archive = open_checkpoint(path);
  return load_model(archive, read_meta(archive, path.string()), path.string(), device);
}

Dataset checkpoint_dataset(const fs::path& checkpoint, Split split, const std::string& data,
                           const fs::path& data_dir) {
  return dataset_of(source_config(checkpoint), split, data, data_dir);
}

int64_t export_safetensors(const fs::path& checkpoint, const fs::path& out, bool with_critic) {
  const fs::path path = resolve_checkpoint_path(checkpoint);
  auto archive = open_checkpoint(path);
  const auto meta = read_meta(archive, path.string());
  auto model = load_model(archive, meta, path.string(), torch::kCPU);
  auto tensors = module_tensors(*model);
  std::map<std::string, std::string> metadata = {
      {"format", "pt"},
      {"genzoo.model", meta["model"].get<std::string>()},
      {"genzoo.model_options", model->options_json().dump()},
      {"genzoo.data", meta.value("data", nlohmann::json::object()).value("name", "")},
      {"genzoo.steps", std::to_string(meta.value("state", nlohmann::json::object()).value("step", int64_t{0}))},
      {"genzoo.version", GENZOO_VERSION}};
  if (const auto omit = model->training_only_prefix(); !with_critic && !omit.empty()) {
    for (auto it = tensors.begin(); it != tensors.end();) {
      it = it->first.rfind(omit, 0) == 0 ? tensors.erase(it) : std::next(it);
    }
    metadata[kOmittedKey] = omit;
  }
  if (const auto eval = path.parent_path() / "eval.json"; fs::exists(eval)) {
    metadata["genzoo.eval"] = read_json_file(eval).dump();
  }
  write_safetensors(out, tensors, metadata);
  return static_cast<int64_t>(tensors.size());
}

nlohmann::json checkpoint_info(const fs::path& source) {
  const auto checkpoint = resolve_model_source(source);
  if (is_safetensors(checkpoint)) {
    auto e = load_exported(checkpoint, torch::kCPU);
    const auto& entry = model_registry().find(e.model->registry_name());
    nlohmann::json info = {{"file", checkpoint.string()},
                           {"model", entry.name},
                           {"description", entry.description},
                           {"model_options", e.options},
                           {"parameters", e.model->parameter_count()},
                           {"metadata", e.metadata}};
    auto active = active_units_info(*e.model, config_from_metadata(e.metadata));
    if (!active.is_null()) info["active_units"] = active;
    return info;
  }
  const fs::path path = resolve_checkpoint_path(checkpoint);
  auto archive = open_checkpoint(path);
  auto meta = read_meta(archive, path.string());
  auto model = load_model(archive, meta, path.string(), torch::kCPU);
  const auto& entry = model_registry().find(meta["model"].get<std::string>());
  nlohmann::json info = {{"checkpoint", path.string()},
                         {"model", entry.name},
                         {"description", entry.description},
                         {"model_options", meta["model_options"]},
                         {"parameters", model->parameter_count()},
                         {"data", meta.value("data", nlohmann::json::object())},
                         {"state", meta.value("state", nlohmann::json::object())},
                         {"metrics", meta.value("metrics", nlohmann::json::object())},
                         {"config", meta.value("config", nlohmann::json::object())},
                         {"genzoo_version", meta.value("genzoo_version", "")}};
  auto active = active_units_info(*model, config_from_checkpoint(meta, path.string()));
  if (!active.is_null()) info["active_units"] = active;
  return info;
}

}  // namespace genzoo
