#pragma once
/// Inference weights out of a training run, and a description of any model source.
///
///   genzoo::export_safetensors("runs/gan", "gan.safetensors");           // generator only; parameters + BN stats
///   auto info = genzoo::model_info(genzoo::open_model("gan"));           // model, options, parameters, data, ...
#include "loading/source.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace genzoo {

/// What an export keeps beyond the inference weights.
struct ExportOptions {
  /// A GAN's critic (left out by default: sampling needs only the generator).
  bool with_critic = false;
  /// Leave out a moving average of the weights (GenerativeModel::drop_average), so the file samples from the
  /// trained generator; an error for a model that keeps none.
  bool without_average = false;
  /// Write the moving average as the weights and leave the trained ones out (GenerativeModel::adopt_average): the
  /// file samples exactly as the default export does, at about half a GAN's size; an error for a model that keeps
  /// none, and with without_average.
  bool average_only = false;
};

/// Writes a model's tensors as safetensors for inference: parameters and BatchNorm statistics, no optimiser state.
/// Metadata: model, options, data, steps, genzoo version, and the run's eval.json when `genzoo eval` left one
/// (not when the average is left out: those scores were of the average). `source` is anything open_model() takes.
/// Returns the tensors written.
int64_t export_safetensors(const std::filesystem::path& source, const std::filesystem::path& out,
                           const ExportOptions& options = {});

/// Model, description, options, parameter count, data, steps, and a checkpoint's config, state and last metrics
/// (or an exported file's metadata).
nlohmann::json model_info(const OpenedModel& opened);

}  // namespace genzoo
