#include "loading/pretrained.h"

#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/text.h"

#include <dlfcn.h>

#include <cstdlib>

#ifndef GENZOO_WEIGHTS_FROM_LIBDIR
#define GENZOO_WEIGHTS_FROM_LIBDIR "../share/genzoo/weights"
#endif

namespace genzoo {
namespace fs = std::filesystem;
namespace {

// The directory of the shared library (or executable) this code was linked into.
fs::path library_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&weights_search_path), &info) == 0 || !info.dli_fname) return {};
  std::error_code ec;
  auto path = fs::canonical(info.dli_fname, ec);
  return ec ? fs::path() : path.parent_path();
}

}  // namespace

std::vector<fs::path> weights_search_path() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("GENZOO_WEIGHTS"); env && *env) dirs.emplace_back(env);
  if (const auto lib = library_dir(); !lib.empty()) dirs.push_back((lib / GENZOO_WEIGHTS_FROM_LIBDIR).lexically_normal());
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
    const fs::path file = m["file"].get<std::string>();
    const auto escapes = [](const fs::path& p) {
      for (const auto& part : p) {
        if (part == "..") return true;
      }
      return false;
    };
    if (file.is_absolute() || escapes(file) || file.empty()) {
      throw Error(manifest.string() + ": models[" + std::to_string(entries.size()) +
                  "]: file: expected a name inside the manifest's folder, found '" + file.string() + "'");
    }
    entries.push_back({m["name"].get<std::string>(), manifest.parent_path() / file, m["sha256"].get<std::string>(), m});
  }
  return entries;
}

std::string pretrained_full_name(const std::string& name) {
  return name.find('.') == std::string::npos ? name + "." + kDefaultPretrainedData : name;
}

fs::path pretrained_file(const std::string& requested) {
  const auto name = pretrained_full_name(requested);
  std::vector<std::string> looked;
  for (const auto& dir : weights_search_path()) {
    const auto manifest = dir / "manifest.json";
    looked.push_back(manifest.string());
    if (!fs::exists(manifest)) continue;
    for (const auto& entry : read_manifest(manifest)) {
      if (entry.name != name) continue;
      if (!fs::exists(entry.file)) throw Error(entry.file.string() + ": listed in " + manifest.string() + " but missing");
      const auto real = fs::canonical(entry.file), folder = fs::canonical(dir);
      if (!fs::is_regular_file(real) || real.lexically_relative(folder).native().rfind("..", 0) == 0) {
        throw Error(entry.file.string() + ": listed in " + manifest.string() +
                    ", but not a regular file inside that folder (" + real.string() + ")");
      }
      verify_sha256(entry.file, entry.sha256, manifest.string());
      return entry.file;
    }
  }
  throw Error("no pretrained '" + requested + "' (and no such file or run directory): looked in " +
              (looked.empty() ? std::string("no weights folder") : join(looked)));
}

}  // namespace genzoo
