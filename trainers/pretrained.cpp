#include "trainers/pretrained.h"

#include "data/error.h"
#include "data/sha256.h"
#include "trainers/run.h"

#include <cstdlib>

#ifndef GENZOO_WEIGHTS_INSTALL_DIR
#define GENZOO_WEIGHTS_INSTALL_DIR ""
#endif

namespace genzoo {
namespace fs = std::filesystem;

std::vector<fs::path> weights_search_path() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("GENZOO_WEIGHTS"); env && *env) dirs.emplace_back(env);
  dirs.emplace_back("weights");
  if (*GENZOO_WEIGHTS_INSTALL_DIR) dirs.emplace_back(GENZOO_WEIGHTS_INSTALL_DIR);
  return dirs;
}

std::vector<PretrainedEntry> read_manifest(const fs::path& manifest) {
  const auto j = read_json_file(manifest);
  if (!j.is_object() || !j.contains("models") || !j["models"].is_array()) {
    throw Error(manifest.string() + ": models: expected an array of entries");
  }
  std::vector<PretrainedEntry> entries;
  for (const auto& m : j["models"]) {
    for (const char* key : {"name", "file", "sha256"}) {
      if (!m.is_object() || !m.contains(key) || !m[key].is_string()) {
        throw Error(manifest.string() + ": models[" + std::to_string(entries.size()) + "]: " + key +
                    ": expected a string");
      }
    }
    entries.push_back({m["name"].get<std::string>(), manifest.parent_path() / m["file"].get<std::string>(),
                       m["sha256"].get<std::string>(), m});
  }
  return entries;
}

fs::path pretrained_file(const std::string& name) {
  std::string looked;
  for (const auto& dir : weights_search_path()) {
    const auto manifest = dir / "manifest.json";
    looked += (looked.empty() ? "" : ", ") + manifest.string();
    if (!fs::exists(manifest)) continue;
    for (const auto& entry : read_manifest(manifest)) {
      if (entry.name != name) continue;
      if (!fs::exists(entry.file)) {
        throw Error(entry.file.string() + ": listed in " + manifest.string() + " but missing");
      }
      const auto actual = sha256_file(entry.file);
      if (actual != entry.sha256) {
        throw Error(entry.file.string() + ": SHA-256 mismatch: expected " + entry.sha256 + " (" + manifest.string() +
                    "), found " + actual);
      }
      return entry.file;
    }
  }
  throw Error("no pretrained '" + name + "' (and no such file or run directory): looked in " + looked);
}

std::shared_ptr<GenerativeModel> load_pretrained(const std::string& name, const torch::Device& device) {
  return load(pretrained_file(name), device);
}

fs::path resolve_model_source(const fs::path& name_or_path) {
  if (fs::exists(name_or_path) || name_or_path.has_parent_path() || name_or_path.has_extension()) {
    return name_or_path;
  }
  return pretrained_file(name_or_path.string());
}

}  // namespace genzoo
