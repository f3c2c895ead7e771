#pragma once
/// Checkpoint I/O: strict module state (names and shapes checked), self-describing metadata, atomic writes.
///
///   torch::serialize::OutputArchive archive;
///   genzoo::write_meta(archive, {{"model", "vae"}, {"model_options", opts}});
///   genzoo::write_module_state(archive, "model", *model);
///   genzoo::save_atomic(archive, "runs/vae/checkpoint.pt");
///
///   auto in = genzoo::open_checkpoint("runs/vae/checkpoint.pt");
///   auto meta = genzoo::read_meta(in, "runs/vae/checkpoint.pt");
///   genzoo::read_module_state(in, "model", *model, "runs/vae/checkpoint.pt");  // throws on any mismatch
#include <nlohmann/json.hpp>
#include <torch/nn/module.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <filesystem>
#include <string>

namespace genzoo {

/// Version of the checkpoint layout; bumped when it changes incompatibly.
constexpr int64_t kCheckpointFormatVersion = 1;

/// A run directory stands for its checkpoint.pt.
std::filesystem::path resolve_checkpoint_path(const std::filesystem::path& path);

/// Opens a checkpoint file; an unreadable file is an error naming it.
torch::serialize::InputArchive open_checkpoint(const std::filesystem::path& path);

void write_meta(torch::serialize::OutputArchive& archive, const nlohmann::json& meta);
/// Reads the metadata and checks the format version; `source` names the file in messages.
nlohmann::json read_meta(torch::serialize::InputArchive& archive, const std::string& source);

/// Stores every parameter and buffer of `module` under `key`.
void write_module_state(torch::serialize::OutputArchive& archive, const std::string& key,
                        const torch::nn::Module& module);
/// Loads them back into `module`, refusing a missing, unexpected or wrong-shaped tensor by name.
void read_module_state(torch::serialize::InputArchive& archive, const std::string& key,
                       torch::nn::Module& module, const std::string& source);

/// Copies `stored` into the parameter or buffer `target` when shape and dtype match; otherwise an error naming
/// `source`, the tensor `name`, what was expected and what was found.
void copy_checked(torch::Tensor& target, const torch::Tensor& stored, const std::string& name,
                  const std::string& source);

/// Writes to a temporary file in the same directory, then renames it over `path`.
void save_atomic(torch::serialize::OutputArchive& archive, const std::filesystem::path& path);
/// Same for text files (config.json).
void write_text_atomic(const std::filesystem::path& path, const std::string& text);

}  // namespace genzoo
