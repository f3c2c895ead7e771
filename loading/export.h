#pragma once
/// Inference weights out of a training run, and a description of any model source.
///
///   genzoo::export_safetensors("runs/gan", "gan.safetensors");           // generator only; parameters + BN stats
///   auto info = genzoo::model_info(genzoo::open_model("gan"));           // model, options, parameters, data, ...
#include "loading/source.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace genzoo {

/// Writes a model's tensors as safetensors for inference: parameters and BatchNorm statistics, no optimiser state;
/// a GAN's critic only when `with_critic`. Metadata: model, options, data, steps, genzoo version, and the run's
/// eval.json when `genzoo eval` left one. `source` is anything open_model() takes. Returns the tensors written.
int64_t export_safetensors(const std::filesystem::path& source, const std::filesystem::path& out,
                           bool with_critic = false);

/// Model, description, options, parameter count, data, steps, and a checkpoint's config, state and last metrics
/// (or an exported file's metadata).
nlohmann::json model_info(const OpenedModel& opened);

}  // namespace genzoo
