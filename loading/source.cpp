#include "loading/source.h"

#include "core/error.h"
#include "loading/pretrained.h"
#include "loading/run_layout.h"
#include "models/archive.h"
#include "models/module_state.h"
#include "models/registry.h"
#include "models/safetensors.h"

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
  const auto options = nlohmann::json::parse(metadata_field(file.metadata, "genzoo.model_options", source.file),
                                             nullptr, /*allow_exceptions=*/false);
  if (!options.is_object()) throw Error(source.file.string() + ": __metadata__: 'genzoo.model_options': expected JSON");
  opened.model = make_model(metadata_field(file.metadata, "genzoo.model", source.file), options);
  std::vector<std::string> skip;  // a model's training-only tensors may be left out of an export
  if (auto it = file.metadata.find("genzoo.omitted"); it != file.metadata.end() && !it->second.empty()) {
    skip.push_back(it->second);
  }
  load_module_tensors(*opened.model, file.tensors, source.file.string(), skip);
  if (auto it = file.metadata.find("genzoo.data"); it != file.metadata.end()) opened.data = it->second;
  if (auto it = file.metadata.find("genzoo.steps"); it != file.metadata.end()) {
    opened.steps = std::strtoll(it->second.c_str(), nullptr, 10);
  }
  opened.metadata = file.metadata;
  return opened;
}

OpenedModel open_checkpoint(const ModelSource& source) {
  auto archive = open_archive(source.file);
  const auto meta = read_meta(archive, source.file.string());
  if (!meta.contains("model") || !meta["model"].is_string()) throw Error(source.file.string() + ": no model name");
  OpenedModel opened;
  opened.source = source;
  opened.model = make_model(meta["model"].get<std::string>(), meta.value("model_options", nlohmann::json::object()));
  read_module_state(archive, "model", *opened.model, source.file.string());
  const auto config = meta.value("config", nlohmann::json::object());
  opened.data = config.value("data", std::string());
  opened.data_dir = config.value("data_dir", std::string());
  opened.steps = meta.value("state", nlohmann::json::object()).value("step", int64_t{0});
  opened.metadata = meta;
  return opened;
}

}  // namespace

ModelSource ModelSource::resolve(const fs::path& name_or_path) {
  fs::path file = name_or_path;
  if (!fs::exists(name_or_path) && !name_or_path.has_parent_path() && !name_or_path.has_extension()) {
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
  auto dataset = load_dataset(name, split, !data_dir.empty() || other ? data_dir : opened.data_dir);
  const auto& shape = GenerativeModel::kImageShape;
  dataset.check_image_shape(shape[0], shape[1], shape[2]);
  return dataset;
}

}  // namespace genzoo
