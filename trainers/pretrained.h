#pragma once
/// Pretrained models shipped in weights/: a manifest of safetensors files, each checked against its SHA-256 before
/// use, so `genzoo sample wgan-gp` and `genzoo::load_pretrained("wgan-gp")` work without a run directory.
///
///   auto model = genzoo::load_pretrained("wgan-gp");   // weights/wgan-gp-mnist.safetensors, hash verified
///   genzoo::save_grid(model->sample(64, 0), "wgan-gp.png", 8);
#include "models/generative_model.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace genzoo {

struct PretrainedEntry {
  std::string name;             // the registry name it answers to
  std::filesystem::path file;   // resolved against the manifest's folder
  std::string sha256;
  nlohmann::json record;        // the whole entry: data, epochs, steps, seed, command, parameters, options, eval
};

/// Folders searched for weights, in order: $GENZOO_WEIGHTS, ./weights, the installed share/genzoo/weights.
std::vector<std::filesystem::path> weights_search_path();

/// The entries of a manifest.json; a malformed entry is an error naming the manifest and the field.
std::vector<PretrainedEntry> read_manifest(const std::filesystem::path& manifest);

/// The verified file of a pretrained model, from the first manifest on the search path that lists `name`.
/// An unknown name says where it looked; a hash mismatch names the file and both hashes.
std::filesystem::path pretrained_file(const std::string& name);

/// load(pretrained_file(name), device).
std::shared_ptr<GenerativeModel> load_pretrained(const std::string& name, const torch::Device& device = torch::kCPU);

/// `name_or_path` when such a file or directory exists; otherwise, if it names a pretrained model, its verified file.
std::filesystem::path resolve_model_source(const std::filesystem::path& name_or_path);

}  // namespace genzoo
