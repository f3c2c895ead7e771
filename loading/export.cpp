#include "loading/export.h"

#include "core/error.h"
#include "core/runtime.h"
#include "core/json.h"
#include "formats/module_state.h"
#include "formats/safetensors.h"
#include "loading/run_layout.h"
#include "loading/source.h"
#include "models/registry.h"


namespace genzoo {
namespace fs = std::filesystem;

int64_t export_safetensors(const fs::path& source, const fs::path& out, const ExportOptions& options) {
  if (options.average_only && options.without_average) {
    throw Error("export: --average-only and --no-average: expected one of them, found both");
  }
  const auto opened = open_model(source);
  auto& model = *opened.model;
  if (options.without_average && !model.drop_average()) {
    throw Error(source.string() + ": keeps no average of its weights to leave out (--no-average)");
  }
  const auto trained_options = model.options_json();
  if (options.average_only && !model.adopt_average()) {
    throw Error(source.string() + ": keeps no average of its weights to write (--average-only)");
  }
  auto tensors = module_tensors(model);
  std::map<std::string, std::string> metadata = {{"format", "pt"},
                                                 {"genzoo.model", model.registry_name()},
                                                 {"genzoo.model_options", model.options_json().dump()},
                                                 {"genzoo.data", opened.data},
                                                 {"genzoo.background", opened.background},
                                                 {"genzoo.steps", std::to_string(opened.steps)},
                                                 {"genzoo.version", genzoo_version()}};
  if (options.average_only) metadata["genzoo.average_of"] = trained_options.dump();  // options it trained with
  if (const auto omit = model.training_only_prefix(); !options.with_critic && !omit.empty()) {
    for (auto it = tensors.begin(); it != tensors.end();) {
      it = it->first.rfind(omit, 0) == 0 ? tensors.erase(it) : std::next(it);
    }
    metadata["genzoo.omitted"] = omit;
  }
  const auto eval = RunLayout(opened.source.file.parent_path()).eval_report();
  if (!options.without_average && fs::exists(eval)) {
    metadata["genzoo.eval"] = read_json_file(eval).dump();
  }
  write_safetensors(out, tensors, metadata);
  return static_cast<int64_t>(tensors.size());
}

nlohmann::json model_info(const OpenedModel& opened) {
  const auto& entry = model_entry(opened.model->registry_name());
  nlohmann::json info = {{"file", opened.source.file.string()},
                         {"model", entry.name},
                         {"description", entry.description},
                         {"model_options", opened.model->options_json()},
                         {"parameters", opened.model->parameter_count()},
                         {"steps", opened.steps}};
  const auto& meta = opened.metadata;
  if (opened.source.format == ModelSource::Format::Safetensors) {
    info["metadata"] = meta;
    return info;
  }
  info["checkpoint"] = opened.source.file.string();
  for (const char* key : {"data", checkpoint_key::kState, checkpoint_key::kMetrics, checkpoint_key::kConfig})
    info[key] = meta.value(key, nlohmann::json::object());
  info["genzoo_version"] = meta.value(checkpoint_key::kVersion, "");
  return info;
}

}  // namespace genzoo
