#include "loading/source.h"

#include "core/error.h"
#include "core/json.h"
#include "data/image_decode.h"
#include "data/image_folder.h"
#include "formats/archive.h"
#include "formats/module_state.h"
#include "formats/safetensors.h"
#include "loading/pretrained.h"
#include "loading/run_layout.h"
#include "models/registry.h"

#include <torch/torch.h>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

std::string metadata_field(const std::map<std::string, std::string>& metadata, const std::string& key,
                           const fs::path& file) {
  auto it = metadata.find(key);
  if (it == metadata.end()) throw Error(file.string() + ": __metadata__: '" + key + "' is missing");
  return it->second;
}

OpenedModel open_safetensors(const ModelSource& source) {
  auto file = read_safetensors(source.file);
  OpenedModel opened;
  opened.source = source;
  const auto options = parse_json(metadata_field(file.metadata, "genzoo.model_options", source.file),
                                  source.file.string() + ": __metadata__: 'genzoo.model_options'");
  if (!options.is_object()) throw Error(source.file.string() + ": __metadata__: 'genzoo.model_options': expected JSON");
  const auto name = metadata_field(file.metadata, "genzoo.model", source.file);
  opened.model = naming_source(source.file.string(), [&] { return make_model(name, options); });
  std::vector<std::string> skip;  // a model's training-only tensors may be left out of an export
  if (auto it = file.metadata.find("genzoo.omitted"); it != file.metadata.end() && !it->second.empty()) {
    // Only what the model itself says training alone needs may be missing; anything else would load as noise.
    const auto allowed = opened.model->training_only_prefix();
    require(!allowed.empty() && it->second == allowed, source.file.string() + ": __metadata__", "genzoo.omitted",
            allowed.empty() ? std::string("nothing (a '") + name + "' model needs every tensor)"
                            : "\"" + allowed + "\" or nothing",
            json_text(it->second));
    skip.push_back(it->second);
  }
  load_module_tensors(*opened.model, file.tensors, source.file.string(), skip);
  if (auto it = file.metadata.find("genzoo.data"); it != file.metadata.end()) opened.data = it->second;
  if (auto it = file.metadata.find("genzoo.background"); it != file.metadata.end()) {
    (void)parse_hex_colour(it->second, source.file.string() + ": __metadata__: genzoo.background");
    opened.background = it->second;
  }
  if (auto it = file.metadata.find("genzoo.steps"); it != file.metadata.end()) {
    const auto steps = try_parse_json(it->second);
    require(steps.is_number_unsigned() && steps.get<uint64_t>() <= uint64_t{INT64_MAX},
            source.file.string() + ": __metadata__", "genzoo.steps", "a step count", json_text(it->second));
    opened.steps = steps.get<int64_t>();
  }
  opened.metadata = file.metadata;
  return opened;
}

OpenedModel open_checkpoint(const ModelSource& source) {
  const auto name = source.file.string();
  auto archive = open_archive(source.file);
  const auto meta = read_meta(archive, name);
  const auto fields = parse_checkpoint_model_meta(meta, name);
  OpenedModel opened;
  opened.source = source;
  opened.model = naming_source(name, [&] { return make_model(fields.model, fields.model_options); });
  read_module_state(archive, "model", *opened.model, name);
  opened.data = fields.data;
  opened.data_dir = fields.data_dir;
  opened.background = fields.background;
  opened.steps = fields.step;
  opened.metadata = meta;
  return opened;
}

}  // namespace

CheckpointModelMeta parse_checkpoint_model_meta(const nlohmann::json& meta, const std::string& source) {
  CheckpointModelMeta fields;
  const std::string context = source + ": genzoo_meta";
  JsonReader reader(meta, context);
  require(meta.contains(checkpoint_key::kModel), context, checkpoint_key::kModel, "a registry name", "nothing");
  reader.read(checkpoint_key::kModel, fields.model).read(checkpoint_key::kModelOptions, fields.model_options);
  nlohmann::json state = nlohmann::json::object(), config = nlohmann::json::object();
  reader.read(checkpoint_key::kState, state).read(checkpoint_key::kConfig, config);
  JsonReader(state, context + ": state").read(checkpoint_key::kStep, fields.step);
  require(fields.step >= 0, context, "state.step", "a step count >= 0", std::to_string(fields.step));
  JsonReader(config, context + ": config")
      .read("data", fields.data)
      .read("data_dir", fields.data_dir)
      .read("background", fields.background);
  (void)parse_hex_colour(fields.background, context + ": config.background");
  return fields;
}

ModelSource ModelSource::resolve(const fs::path& name_or_path) {
  fs::path file = name_or_path;
  const auto extension = name_or_path.extension();
  if (!fs::exists(name_or_path) && !name_or_path.has_parent_path() && extension != ".pt" &&
      extension != ".safetensors") {  // a pretrained name: "gan", "gan.fashion-mnist"
    file = pretrained_file(name_or_path.string());
  }
  file = resolve_checkpoint_path(file);
  if (!fs::exists(file)) throw Error(file.string() + ": no such checkpoint or model file");
  return {file, file.extension() == ".safetensors" ? Format::Safetensors : Format::Checkpoint};
}

OpenedModel open_model(const fs::path& name_or_path, const torch::Device& device) {
  const auto source = ModelSource::resolve(name_or_path);
  auto opened = source.format == ModelSource::Format::Safetensors ? open_safetensors(source) : open_checkpoint(source);
  opened.model->to(device);
  opened.model->eval();
  return opened;
}

std::shared_ptr<GenerativeModel> load(const fs::path& name_or_path, const torch::Device& device) {
  return open_model(name_or_path, device).model;
}

std::shared_ptr<GenerativeModel> load_pretrained(const std::string& name, const torch::Device& device) {
  return load(pretrained_file(name), device);
}

Dataset model_dataset(const OpenedModel& opened, Split split, const std::string& data, const fs::path& data_dir) {
  const bool other = !data.empty() && data != opened.data;
  const std::string name = other ? data : opened.data.empty() ? std::string("mnist") : opened.data;
  const auto shape = opened.model->image_shape();
  const auto folder = ImageFolderOptions().image_size(shape[1]).channels(shape[0]).background(opened.background);
  auto dataset = load_dataset(name, split, !data_dir.empty() || other ? data_dir : opened.data_dir, folder);
  dataset.check_image_shape(shape[0], shape[1], shape[2]);
  return dataset;
}

}  // namespace genzoo
