#pragma once
/// Pretrained models shipped in weights/: a manifest of safetensors files, each checked against its SHA-256 before
/// use, so `genzoo sample wgan-gp` and `genzoo::load_pretrained("wgan-gp")` (loading/source.h) work without a run.
///
///   auto file = genzoo::pretrained_file("wgan-gp");              // weights/wgan-gp-mnist.safetensors, verified
///   auto fashion = genzoo::pretrained_file("gan.fashion-mnist");  // <model>.<data>; "gan" means "gan.mnist"
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace genzoo {

struct PretrainedEntry {
  std::string name;             // the name it answers to: <model>.<data>
  std::filesystem::path file;   // resolved against the manifest's folder
  std::string sha256;
  nlohmann::json record;        // the whole entry: data, epochs, steps, seed, command, parameters, options, eval
};

/// Folders searched for weights, in order: $GENZOO_WEIGHTS when set, then share/genzoo/weights beside the genzoo
/// library (the installed weights; in a build tree, a link to the repository's weights/), from any working
/// directory.
std::vector<std::filesystem::path> weights_search_path();

/// The entries of a manifest.json; a malformed entry, or a file named outside the manifest's folder (absolute, or
/// with ".."), is an error naming the manifest and the field.
std::vector<PretrainedEntry> read_manifest(const std::filesystem::path& manifest);

/// Pretrained names are `<model>.<data>` ("gan.fashion-mnist"), as timm names weights; a bare model name means
/// its weights on this dataset ("gan" is "gan.mnist").
inline constexpr const char* kDefaultPretrainedData = "mnist";
/// "gan" -> "gan.mnist"; a name with a dot is returned as it is.
std::string pretrained_full_name(const std::string& name);

/// The verified file of a pretrained model, from the first manifest on the search path that lists `name`.
/// An unknown name says where it looked; a file that is not a regular file inside the folder (a link out of it,
/// a device) is refused; a hash mismatch names the file and both hashes.
std::filesystem::path pretrained_file(const std::string& name);

}  // namespace genzoo
